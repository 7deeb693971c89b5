using Fleet.Contracts.Chunks;
using Fleet.Contracts.Documents;
using Fleet.Contracts.Results;
using MassTransit;

namespace Fleet.Tests.Orchestration;

/// <summary>
/// Stands in for the worker where a test needs faults on demand: every document has one page, and a key's name says
/// what goes wrong: "inspect-fault…", "chunk-fault…" and "assemble-fault…" throw at that stage, "stall…" never
/// answers its chunk, "reuse…" is found stored at inspection (no chunks).
/// </summary>
public sealed class ScriptedWorker : IConsumer<InspectDocument>, IConsumer<ProcessPageChunk>, IConsumer<AssembleDocument>
{
    public Task Consume(ConsumeContext<InspectDocument> context)
    {
        var m = context.Message;
        if (Name(m.Key).StartsWith("inspect-fault", StringComparison.Ordinal))
            throw new InvalidOperationException("inspector crashed");
        var stored = Name(m.Key).StartsWith("reuse", StringComparison.Ordinal) ? "results/stored.json" : null;
        return context.Publish(new DocumentInspected(m.DocumentId, m.BatchId, 1, 100, "abc", 1, stored, "\"etag-1\""));
    }

    public Task Consume(ConsumeContext<ProcessPageChunk> context)
    {
        var m = context.Message;
        if (Name(m.Key).StartsWith("chunk-fault", StringComparison.Ordinal))
            throw new InvalidOperationException("renderer crashed");
        if (Name(m.Key).StartsWith("stall", StringComparison.Ordinal))
            return Task.CompletedTask;
        return context.Publish(new PageChunkProcessed(m.DocumentId, m.BatchId, m.ChunkIndex, m.ChunkKey, new PageCounts(1, 1, 0, 0), StageTimings.None, ["fake"]));
    }

    public Task Consume(ConsumeContext<AssembleDocument> context)
    {
        var m = context.Message;
        if (Name(m.Key).StartsWith("assemble-fault", StringComparison.Ordinal))
            throw new InvalidOperationException("disk full");
        return context.Publish(new DocumentAssembled(m.DocumentId, m.BatchId, [new OutputObject(m.OutputKeyBase + ".txt", "ff", 1)],
            new PageCounts(1, 1, 0, 0), ["fake"], 1));
    }

    private static string Name(string key) => key[(key.LastIndexOf('/') + 1)..];
}
