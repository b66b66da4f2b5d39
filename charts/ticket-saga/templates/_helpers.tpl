{{/* Names and addresses shared by the templates. */}}

{{- define "ticket-saga.labels" -}}
app.kubernetes.io/part-of: ticket-saga
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{/* Selector labels: part-of and name, plus the release, so two releases in a namespace never select each other's pods. Call with (list $ name). */}}
{{- define "ticket-saga.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/part-of: ticket-saga
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/name: {{ index . 1 }}
{{- end }}

{{- define "ticket-saga.otelCollector" -}}{{ .Release.Name }}-otel-collector{{- end }}
{{- define "ticket-saga.zipkin" -}}{{ .Release.Name }}-zipkin{{- end }}

{{- define "ticket-saga.image" -}}
{{- $root := index . 0 -}}{{- $app := index . 1 -}}
{{- with $root.Values.image -}}
{{- if .registry }}{{ .registry }}/{{ end }}{{ .repository }}-{{ $app }}:{{ .tag }}
{{- end -}}
{{- end }}

{{- define "ticket-saga.kafkaBootstrap" -}}
{{- if .Values.kafka.enabled -}}
{{ .Release.Name }}-kafka:9092
{{- else -}}
{{ required "kafka.bootstrapServers is required when kafka.enabled is false" .Values.kafka.bootstrapServers }}
{{- end -}}
{{- end }}

{{- define "ticket-saga.redisHost" -}}
{{- if .Values.redis.enabled -}}
{{ .Release.Name }}-redis:6379
{{- else -}}
{{ required "redis.host is required when redis.enabled is false" .Values.redis.host }}
{{- end -}}
{{- end }}

{{/* "true" when the stores are on PostgreSQL (shared by replicas), empty on sqlite. */}}
{{- define "ticket-saga.onPostgres" -}}
{{- if eq .Values.stores.engine "postgresql" }}true{{ end -}}
{{- end }}

{{- define "ticket-saga.postgresHost" -}}{{ .Release.Name }}-postgresql{{- end }}

{{/*
  Each sidecar's environment: the broker and, on sqlite, its app's files, which components/ read
  through envRef (on PostgreSQL the connection comes from a Secret instead).
*/}}
{{- define "ticket-saga.sidecarEnv" -}}
KAFKA_BROKERS={{ include "ticket-saga.kafkaBootstrap" . }}
{{- if not (include "ticket-saga.onPostgres" .) -}}
,ORDER_STORE_CONNECTION=/data/order.db,INVENTORY_STORE_CONNECTION=/data/inventory.db,PAYMENT_STORE_CONNECTION=/data/payment.db,WORKFLOW_STORE_CONNECTION=/data/workflow.db,SAGA_LOG_STORE_CONNECTION=/data/saga-log.db
{{- end }}
{{- end }}
