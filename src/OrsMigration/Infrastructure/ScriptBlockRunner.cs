using System;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using OrsMigration.Control;

namespace OrsMigration.Commands
{
    /// <summary>
    /// The one way a site's script block (server control, installer) runs: on the pipeline thread,
    /// in the caller's runspace, as a nested pipeline that can be stopped. One that does not return
    /// within its time is stopped and becomes OrsMigration.ScriptTimeout; Ctrl+C stops it and
    /// becomes a cancellation (the run stops between steps and can be resumed).
    /// </summary>
    internal static class ScriptBlockRunner
    {
        public static Collection<PSObject> Invoke(ScriptBlock block, TimeSpan timeout, string what, OrsApplication app,
            params object[] args) =>
            Invoke(block, timeout, what, "ServerControlFailed", app, args);

        public static Collection<PSObject> Invoke(ScriptBlock block, TimeSpan timeout, string what, string failureId,
            OrsApplication app, object[] args)
        {
            using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddScript("param($Block, $Arguments) & $Block @Arguments").AddArgument(block).AddArgument(args);
                int timedOut = 0;
                TimerCallback stop = _ => { Interlocked.Exchange(ref timedOut, 1); ps.BeginStop(null, null); };
                using (new Timer(stop, null, timeout, Timeout.InfiniteTimeSpan))
                {
                    Collection<PSObject> result = null;
                    try { result = ps.Invoke(); }
                    catch (PipelineStoppedException e) when (Volatile.Read(ref timedOut) == 0)
                    {
                        throw new OperationCanceledException("Stopped by the user.", e);
                    }
                    catch (PipelineStoppedException) { }
                    catch (RuntimeException e)
                    {
                        throw new OrsControlException(failureId,
                            $"The {what} script block failed for {app.Label}: {e.Message}", app, e);
                    }
                    // A stopped nested pipeline may also just return: what stopped it decides.
                    if (Volatile.Read(ref timedOut) == 1)
                        throw new OrsControlException("ScriptTimeout", $"The {what} script block did not return " +
                            $"within {timeout.TotalSeconds:0.#} s for {app.Label}; it was stopped.", app);
                    if (ps.InvocationStateInfo.State == PSInvocationState.Stopped)
                        throw new OperationCanceledException("Stopped by the user.");
                    var error = FirstError(ps);
                    if (error != null)
                        throw new OrsControlException(failureId,
                            $"The {what} script block failed for {app.Label}: {error}", app, error.Exception);
                    return result;
                }
            }
        }

        /// <summary>
        /// An error the script block wrote (a failed .NET method call or cmdlet, Write-Error) fails the
        /// operation even when the script went on: otherwise a refused switchover reads as done and the run
        /// waits out its timeout. A native program's stderr (Windows PowerShell records it as
        /// NativeCommandError) is output, not a verdict: the script judges the exit code.
        /// </summary>
        private static ErrorRecord FirstError(PowerShell ps) =>
            ps.Streams.Error.FirstOrDefault(e =>
                !(e.FullyQualifiedErrorId ?? string.Empty).StartsWith("NativeCommandError", StringComparison.Ordinal));
    }
}
