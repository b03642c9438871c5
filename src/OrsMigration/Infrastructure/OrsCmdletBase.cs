using System;
using System.Management.Automation;
using System.Threading;

namespace OrsMigration.Commands
{
    /// <summary>
    /// What every OrsMigration cmdlet shares: cancellation on Ctrl+C, engine errors turned into
    /// ErrorRecords with stable ids and the item as target, and ShouldProcess with -Force.
    /// </summary>
    public abstract class OrsCmdletBase : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        protected CancellationToken CancelToken => _cancel.Token;

        protected override void StopProcessing() => _cancel.Cancel();

        public virtual void Dispose() => _cancel.Dispose();

        protected void WriteOrsError(OrsException e) => WriteError(ToRecord(e));

        protected void ThrowOrs(OrsException e) => ThrowTerminatingError(ToRecord(e));

        protected void ThrowOrs(string errorId, OrsErrorKind kind, string message, object target) =>
            ThrowOrs(new OrsException(errorId, kind, message, target));

        internal static ErrorRecord ToRecord(OrsException e) => new ErrorRecord(e, e.ErrorId, CategoryOf(e.Kind), e.Target);

        private static ErrorCategory CategoryOf(OrsErrorKind kind)
        {
            switch (kind)
            {
                case OrsErrorKind.NotFound: return ErrorCategory.ObjectNotFound;
                case OrsErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case OrsErrorKind.InvalidData: return ErrorCategory.InvalidData;
                case OrsErrorKind.Conflict: return ErrorCategory.WriteError;
                case OrsErrorKind.ResourceExists: return ErrorCategory.ResourceExists;
                case OrsErrorKind.ResourceBusy: return ErrorCategory.ResourceBusy;
                case OrsErrorKind.ReadError: return ErrorCategory.ReadError;
                case OrsErrorKind.WriteError: return ErrorCategory.WriteError;
                case OrsErrorKind.ParserError: return ErrorCategory.ParserError;
                case OrsErrorKind.SecurityError: return ErrorCategory.SecurityError;
                case OrsErrorKind.OperationTimeout: return ErrorCategory.OperationTimeout;
                default: return ErrorCategory.InvalidOperation;
            }
        }

        /// <summary>The option catalogue; a damaged site override stops the cmdlet with a clear error.</summary>
        protected Catalog.OptionCatalog OptionCatalog
        {
            get
            {
                try { return CatalogCache.Get(); }
                catch (OrsException e) { ThrowOrs(e); return null; }
            }
        }

        /// <summary>
        /// Checks an ORS option a user is about to write: a problem (unknown section or option, invalid
        /// value) throws an OrsException naming -Force, or with -Force is a warning and the write goes on.
        /// </summary>
        protected void CheckOptionToWrite(string label, string section, string name, string value, bool force)
        {
            var problem = new Catalog.OptionValidator(OptionCatalog).Check(section, name, value);
            if (problem == null) return;
            string message = $"{label}: {problem.Message} {problem.Hint}";
            if (!force)
                throw new OrsException(problem.ErrorId, OrsErrorKind.InvalidArgument,
                    message + " Use -Force to set it anyway. Nothing was changed.", problem.Key);
            WriteWarning(message + " Set anyway (-Force).");
        }

        /// <summary>
        /// Waits for engine work on the pipeline thread, calling onTick (progress) between waits;
        /// Ctrl+C cancels the work through CancelToken and stops the pipeline.
        /// </summary>
        protected T Await<T>(System.Threading.Tasks.Task<T> task, Action onTick = null, int tickMilliseconds = 200)
        {
            while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(tickMilliseconds)) onTick?.Invoke();
            onTick?.Invoke();
            try { return task.GetAwaiter().GetResult(); }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested) { throw new PipelineStoppedException(); }
        }

        protected void Await(System.Threading.Tasks.Task task, Action onTick = null, int tickMilliseconds = 200) =>
            Await(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, System.Threading.Tasks.TaskScheduler.Default), onTick, tickMilliseconds);

        /// <summary>True when -WhatIf is in force, from the parameter or $WhatIfPreference.</summary>
        protected bool IsWhatIf
        {
            get
            {
                if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w)) return LanguagePrimitives.IsTrue(w);
                return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
            }
        }

        /// <summary>
        /// ShouldProcess for one item. -WhatIf always wins (it prints and returns false, even
        /// with -Force); -Force then skips the confirmation that ConfirmImpact High asks for.
        /// </summary>
        protected bool ShouldApply(string target, string action, bool force)
        {
            if (IsWhatIf) return ShouldProcess(target, action);
            if (force)
            {
                WriteVerbose($"Performing the operation \"{action}\" on target \"{target}\" (-Force).");
                return true;
            }
            try { return ShouldProcess(target, action); }
            catch (Exception e) when (e is PSInvalidOperationException
                                      || e is System.Management.Automation.Host.HostException)
            {
                // The host cannot ask (pwsh -NonInteractive, a scheduled task, a runspace without a UI):
                // say which switch lets the change go on, as an error -ErrorAction governs.
                WriteOrsError(new OrsException("ConfirmationRequired", OrsErrorKind.InvalidOperation,
                    $"{action} on {target} needs a confirmation that this PowerShell host cannot ask for (it is " +
                    $"not interactive). Nothing was done. In scripts and scheduled tasks add {ConfirmSwitch}; use " +
                    "-WhatIf first to see what it would do.", target, e));
                return false;
            }
        }

        /// <summary>The switch that confirms unattended: -Force where the cmdlet has it.</summary>
        private string ConfirmSwitch => MyInvocation.MyCommand.Parameters.ContainsKey("Force")
            ? "-Force (or -Confirm:$false)" : "-Confirm:$false";

        /// <summary>
        /// Runs one item's work; an engine error, or a file system failure (disk full, access
        /// denied), becomes a non-terminating error so the next item goes on.
        /// </summary>
        protected void PerItem(Action work, object item = null)
        {
            try { work(); }
            catch (OrsException e) { WriteOrsError(e); }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                WriteOrsError(new OrsException("FileSystemError", OrsErrorKind.WriteError,
                    $"{e.Message} Nothing more was done for {item ?? "this item"}; check the path, its permissions and free space.", item, e));
            }
        }
    }
}
