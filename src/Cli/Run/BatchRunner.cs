using Fleet.Contracts;
using Fleet.Contracts.Batches;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Storage;
using MassTransit;

namespace Fleet.Cli.Run;

/// <summary>Submits a batch of local files to the bus and waits for its manifest.</summary>
public sealed class BatchRunner(IBus bus, RunTracker tracker, IObjectStore store)
{
    public static SubmitBatch Submission(Guid batchId, FileSystemInfo input, DirectoryInfo output, ProcessingOptions options, bool recursive) =>
        input switch
        {
            DirectoryInfo folder => new SubmitBatch(batchId, folder.FullName, "", null, output.FullName, "", options, recursive),
            FileInfo file => new SubmitBatch(batchId, file.DirectoryName!, "", [file.Name], output.FullName, "", options, recursive),
            _ => throw new ArgumentException($"unsupported input {input}", nameof(input)),
        };

    public BatchProgress Start(SubmitBatch submission, CancellationToken cancellationToken)
    {
        var progress = tracker.Track(submission.BatchId);
        _ = bus.Publish(submission, cancellationToken)
            .ContinueWith(t => progress.Completion.TrySetException(t.Exception!.InnerExceptions), TaskContinuationOptions.OnlyOnFaulted);
        return progress;
    }

    public async Task<Manifest> ReadManifestAsync(BatchCompleted completed, CancellationToken cancellationToken) =>
        await store.ReadJsonAsync<Manifest>(completed.OutputBucket, completed.ManifestKey, cancellationToken);

    /// <summary>Runs a whole batch and returns its manifest (used by tests and by callers with no console).</summary>
    public async Task<Manifest> RunAsync(SubmitBatch submission, CancellationToken cancellationToken)
    {
        var progress = Start(submission, cancellationToken);
        var completed = await progress.Completion.Task.WaitAsync(cancellationToken);
        return await ReadManifestAsync(completed, cancellationToken);
    }
}
