// The test process's global executor: an elastic thread pool in place of Swift's cooperative pool.
//
// Swift's cooperative pool has one thread per core, two on the CI machine. A test that blocks (a
// child process waited for, a blocking PC/SC call, a sleep between kills) holds one of them, and two
// such tests stall every other test in the process for as long as they block: a 1-minute time limit
// was exceeded that way by a test that takes 0.3 s alone. The product never runs here; its own
// blocking work goes to dedicated threads (CounterCore's runBlocking).
//
// Installed before main through the Swift runtime's global-executor hooks (the same hooks that
// swift-concurrency-extras' withMainSerialExecutor uses): every job, immediate or delayed, runs on a
// thread of this pool, and a thread is added whenever more jobs wait than threads are idle, up to
// COUNTER_TEST_THREADS (default 8). Swift Testing starts every test of the run at once. With 32 or 96
// threads, two cores ran so many processes at once that timing-dependent tests failed (a first screen
// later than 20 s, a card seen absent right after a read, a journal replay). With 8, a waiting test
// may queue behind blocking ones for a minute, so waits and time limits are counted in minutes.
// Idle threads leave after 10 s.
#include "CWideTestExecutor.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#define SWIFTCC __attribute__((swiftcall))

typedef SWIFTCC void (*enqueue_original_t)(void *job);
typedef SWIFTCC void (*enqueue_hook_t)(void *job, enqueue_original_t original);
typedef SWIFTCC void (*delay_original_t)(unsigned long long delay, void *job);
typedef SWIFTCC void (*delay_hook_t)(unsigned long long delay, void *job, delay_original_t original);
typedef SWIFTCC void (*deadline_original_t)(long long sec, long long nsec, long long tsec, long long tnsec,
                                            int clock, void *job);
typedef SWIFTCC void (*deadline_hook_t)(long long sec, long long nsec, long long tsec, long long tnsec,
                                        int clock, void *job, deadline_original_t original);

extern enqueue_hook_t swift_task_enqueueGlobal_hook;
extern delay_hook_t swift_task_enqueueGlobalWithDelay_hook;
extern deadline_hook_t swift_task_enqueueGlobalWithDeadline_hook;
// SerialExecutorRef is two words; the generic executor is {0, 0}.
extern SWIFTCC void swift_job_run(void *job, void *identity, uintptr_t implementation);
extern SWIFTCC void swift_get_time(long long *seconds, long long *nanoseconds, int clock);

enum { kDefaultMaxThreads = 8, kIdleSeconds = 10 };
static unsigned long max_threads = kDefaultMaxThreads;

struct node {
    void *job;
    struct timespec due;  // CLOCK_MONOTONIC; only for delayed jobs
    struct node *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_ready;   // CLOCK_MONOTONIC
static pthread_cond_t timer_ready;  // CLOCK_MONOTONIC
static struct node *head, *tail;    // ready jobs, FIFO
static struct node *delayed;        // delayed jobs, earliest first
static unsigned long queued, idle, threads, jobs_run;
static int timer_started;

static void *worker(void *unused);

static void spawn_locked(void) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attributes, 8u << 20);
    if (pthread_create(&thread, &attributes, worker, NULL) == 0) threads++;
    pthread_attr_destroy(&attributes);
}

static void push_ready_locked(struct node *item) {
    item->next = NULL;
    if (tail) tail->next = item; else head = item;
    tail = item;
    queued++;
    if (queued > idle && threads < max_threads) spawn_locked();
    else pthread_cond_signal(&work_ready);
}

static void *worker(void *unused) {
    (void)unused;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (!head) {
            struct timespec until;
            clock_gettime(CLOCK_MONOTONIC, &until);
            until.tv_sec += kIdleSeconds;
            idle++;
            int waited = pthread_cond_timedwait(&work_ready, &lock, &until);
            idle--;
            if (waited == ETIMEDOUT && !head && threads > 2) {
                threads--;
                pthread_mutex_unlock(&lock);
                return NULL;
            }
        }
        struct node *item = head;
        head = item->next;
        if (!head) tail = NULL;
        queued--;
        jobs_run++;
        pthread_mutex_unlock(&lock);
        void *job = item->job;
        free(item);
        swift_job_run(job, NULL, 0);
        pthread_mutex_lock(&lock);
    }
}

static int earlier(const struct timespec *a, const struct timespec *b) {
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void *timer(void *unused) {
    (void)unused;
    pthread_mutex_lock(&lock);
    for (;;) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        while (delayed && !earlier(&now, &delayed->due)) {
            struct node *item = delayed;
            delayed = item->next;
            push_ready_locked(item);
        }
        if (delayed) pthread_cond_timedwait(&timer_ready, &lock, &delayed->due);
        else pthread_cond_wait(&timer_ready, &lock);
    }
    return NULL;
}

static void enqueue_after(void *job, unsigned long long delay_ns) {
    struct node *item = malloc(sizeof *item);
    if (!item) abort();
    item->job = job;
    pthread_mutex_lock(&lock);
    if (delay_ns == 0) {
        push_ready_locked(item);
    } else {
        clock_gettime(CLOCK_MONOTONIC, &item->due);
        unsigned long long total = (unsigned long long)item->due.tv_nsec + delay_ns % 1000000000ull;
        item->due.tv_sec += (time_t)(delay_ns / 1000000000ull + total / 1000000000ull);
        item->due.tv_nsec = (long)(total % 1000000000ull);
        struct node **place = &delayed;
        while (*place && !earlier(&item->due, &(*place)->due)) place = &(*place)->next;
        item->next = *place;
        *place = item;
        if (!timer_started) {
            pthread_t thread;
            if (pthread_create(&thread, NULL, timer, NULL) == 0) { pthread_detach(thread); timer_started = 1; }
        }
        pthread_cond_signal(&timer_ready);
    }
    pthread_mutex_unlock(&lock);
}

static SWIFTCC void enqueue_hook(void *job, enqueue_original_t original) {
    (void)original;
    enqueue_after(job, 0);
}

static SWIFTCC void delay_hook(unsigned long long delay, void *job, delay_original_t original) {
    (void)original;
    enqueue_after(job, delay);
}

static SWIFTCC void deadline_hook(long long sec, long long nsec, long long tsec, long long tnsec, int clock,
                                  void *job, deadline_original_t original) {
    (void)tsec; (void)tnsec; (void)original;
    long long now_sec = 0, now_nsec = 0;
    swift_get_time(&now_sec, &now_nsec, clock);
    long long delay = (sec - now_sec) * 1000000000ll + (nsec - now_nsec);
    enqueue_after(job, delay > 0 ? (unsigned long long)delay : 0);
}

__attribute__((constructor)) static void install(void) {
    const char *configured = getenv("COUNTER_TEST_THREADS");
    if (configured) {
        long value = strtol(configured, NULL, 10);
        if (value >= 2 && value <= 256) max_threads = (unsigned long)value;
    }
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&work_ready, &attributes);
    pthread_cond_init(&timer_ready, &attributes);
    pthread_condattr_destroy(&attributes);
    swift_task_enqueueGlobal_hook = enqueue_hook;
    swift_task_enqueueGlobalWithDelay_hook = delay_hook;
    swift_task_enqueueGlobalWithDeadline_hook = deadline_hook;
}

unsigned long counter_wide_executor_jobs_run(void) {
    pthread_mutex_lock(&lock);
    unsigned long count = jobs_run;
    pthread_mutex_unlock(&lock);
    return count;
}

unsigned long counter_wide_executor_threads(void) {
    pthread_mutex_lock(&lock);
    unsigned long count = threads;
    pthread_mutex_unlock(&lock);
    return count;
}
