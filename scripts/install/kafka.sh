#!/usr/bin/env bash
# Assembles an Apache Kafka broker from its Maven Central artifacts into the cache: the broker jar
# and its runtime closure, plus a log4j backend that the closure lacks.
set -euo pipefail
LOG_TAG=kafka
. "$(dirname "$0")/../lib/common.sh"

if [ -f "$KAFKA_HOME/libs/kafka_$KAFKA_SCALA_VERSION-$KAFKA_VERSION.jar" ]; then
  log "Kafka $KAFKA_VERSION found in $KAFKA_HOME"
  exit 0
fi

need java "Install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless)."
need mvn "Install Maven (Debian: apt-get install maven); it resolves the broker from Maven Central."
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ "${java_major%%.*}" -ge 17 ] 2>/dev/null || die "Kafka $KAFKA_VERSION needs Java 17+, found '$java_major'."

log "resolving Kafka $KAFKA_VERSION from Maven Central"
staging="$KAFKA_HOME.partial"
rm -rf "$staging" && mkdir -p "$staging/libs" "$staging/config"
cat >"$staging/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.ticket-saga</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>$KAFKA_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_$KAFKA_SCALA_VERSION</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>1.2.25</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
EOF

set +o pipefail
mvn -B -f "$staging/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$staging/libs" 2>&1 | tee "$staging/maven.log" |
  grep --line-buffered '^\[INFO\] Downloaded from' | progress_every 20 "artifacts downloaded"
status=${PIPESTATUS[0]}
set -o pipefail
[ "$status" = 0 ] || die "Maven could not resolve Kafka $KAFKA_VERSION:
$(grep -E 'ERROR' "$staging/maven.log" | head -5)"

cat >"$staging/config/log4j.properties" <<'EOF'
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
EOF

rm -rf "$KAFKA_HOME" && mv "$staging" "$KAFKA_HOME"
log "installed into $KAFKA_HOME ($(ls "$KAFKA_HOME/libs" | wc -l) jars)"
