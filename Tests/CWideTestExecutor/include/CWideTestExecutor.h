#ifndef C_WIDE_TEST_EXECUTOR_H
#define C_WIDE_TEST_EXECUTOR_H

/// Number of jobs the test process ran on the wide pool so far (0 when the hooks were not installed).
unsigned long counter_wide_executor_jobs_run(void);

/// Threads the wide pool holds now (running or idle).
unsigned long counter_wide_executor_threads(void);

#endif
