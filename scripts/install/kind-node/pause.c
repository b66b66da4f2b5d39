#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
/* Holds a pod's namespaces: sleeps until told to stop, reaping any orphan meanwhile. */
static void stop(int sig) { (void)sig; _exit(0); }
static void reap(int sig) { (void)sig; while (waitpid(-1, 0, WNOHANG) > 0) {} }
int main(void) {
  signal(SIGINT, stop);
  signal(SIGTERM, stop);
  signal(SIGCHLD, reap);
  for (;;) pause();
}
