using Fleet.Contracts;
using Fleet.Contracts.Batches;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Passwords;
using Fleet.Infrastructure.Storage;
using MassTransit;

namespace Fleet.Cli.Run;

/// <summary>
/// Submits a batch of local files to the bus and waits for its manifest. The batch's passwords (--password-file) are
/// saved in the process's password store before the batch is published, never put in the message.
/// </summary>
public sealed class BatchRunner(IBus bus, RunTracker tracker, IObjectStore store, IBatchPasswords passwords)
{
    public static SubmitBatch Submission(Guid batchId, FileSystemInfo input, DirectoryInfo output, ProcessingOptions options, bool recursive) =>
        input switch
        {
            DirectoryInfo folder => new SubmitBatch(batchId, folder.FullName, "", null, output.FullName, "", options, recursive),
            FileInfo file => new SubmitBatch(batchId, file.DirectoryName!, "", [file.Name], output.FullName, "", options, recursive),
            _ => throw new ArgumentException($"unsupported input {input}", nameof(input)),
        };

    public BatchProgress Start(SubmitBatch submission, IReadOnlyList<BatchPassword> batchPasswords, CancellationToken cancellationToken)
    {
        var progress = tracker.Track(submission.BatchId);
        _ = SubmitAsync(submission, batchPasswords, cancellationToken)
            .ContinueWith(t => progress.Completion.TrySetException(t.Exception!.InnerExceptions), TaskContinuationOptions.OnlyOnFaulted);
        return progress;
    }

    private async Task SubmitAsync(SubmitBatch submission, IReadOnlyList<BatchPassword> batchPasswords, CancellationToken cancellationToken)
    {
        await passwords.SaveAsync(submission.BatchId, batchPasswords, cancellationToken);
        await bus.Publish(submission, cancellationToken);
    }

    public async Task<Manifest> ReadManifestAsync(BatchCompleted completed, CancellationToken cancellationToken) =>
        await store.ReadJsonAsync<Manifest>(completed.OutputBucket, completed.ManifestKey, cancellationToken);

    /// <summary>Runs a whole batch and returns its manifest (used by tests and by callers with no console).</summary>
    public async Task<Manifest> RunAsync(SubmitBatch submission, CancellationToken cancellationToken, IReadOnlyList<BatchPassword>? batchPasswords = null)
    {
        var progress = Start(submission, batchPasswords ?? [], cancellationToken);
        var completed = await progress.Completion.Task.WaitAsync(cancellationToken);
        return await ReadManifestAsync(completed, cancellationToken);
    }
}
