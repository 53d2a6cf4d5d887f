import CWideTestExecutor

/// The test process's global executor (see `Tests/CWideTestExecutor`): an elastic thread pool installed
/// before main, so a test that blocks its thread never stalls the other tests.
public enum WideTestExecutor {
    /// Jobs run on the pool so far; 0 means the hooks are not installed and the cooperative pool runs the tests.
    public static var jobsRun: UInt { UInt(counter_wide_executor_jobs_run()) }
    /// Threads the pool holds now.
    public static var threads: UInt { UInt(counter_wide_executor_threads()) }
}
