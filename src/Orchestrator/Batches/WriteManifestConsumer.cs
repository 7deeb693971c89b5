using System.Reflection;
using Fleet.Infrastructure.Storage;

namespace Fleet.Orchestrator.Batches;

/// <summary>Writes runs/&lt;batchId&gt;/manifest.json and announces the batch's end.</summary>
public sealed class WriteManifestConsumer(IObjectStore store) : IConsumer<WriteManifest>
{
    public async Task Consume(ConsumeContext<WriteManifest> context)
    {
        var manifest = ManifestBuilder.Build(context.Message, DateTimeOffset.UtcNow, FleetVersion);
        var submission = context.Message.Submission;
        var key = RunKeys.Manifest(submission.OutputPrefix, context.Message.BatchId);
        await store.WriteAsync(submission.OutputBucket, key, ResultJson.Serialize(manifest), "application/json", context.CancellationToken);
        await context.Publish(new BatchCompleted(context.Message.BatchId, submission.OutputBucket, key, manifest.Totals.Succeeded, manifest.Totals.Failed));
    }

    private static readonly string FleetVersion =
        typeof(WriteManifestConsumer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
