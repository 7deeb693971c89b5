namespace Fleet.Orchestrator.Documents;

/// <summary>One input document's progress: inspection, its page chunks as they come back, assembly.</summary>
public sealed class DocumentState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public Guid BatchId { get; set; }
    public string InputBucket { get; set; } = "";
    public string Key { get; set; } = "";
    public string OutputBucket { get; set; } = "";
    public string OutputPrefix { get; set; } = "";
    public string OutputKeyBase { get; set; } = "";
    public ProcessingOptions Options { get; set; } = new();
    public DateTimeOffset StartedAt { get; set; }
    public int PageCount { get; set; }
    public long SizeBytes { get; set; }
    public string? Sha256 { get; set; }
    public int ChunkCount { get; set; }
    /// <summary>Chunk results by chunk index; a redelivered chunk overwrites its own slot and counts once.</summary>
    public SortedDictionary<int, string> ChunkKeys { get; set; } = [];
    public PageCounts Pages { get; set; } = PageCounts.None;
    public StageTimings Timings { get; set; } = StageTimings.None;
    public List<string> Engines { get; set; } = [];
    public List<OutputObject> Outputs { get; set; } = [];
    public string? FailureReason { get; set; }
    /// <summary>The result came from a stored one of the same content; no page was processed.</summary>
    public bool Reused { get; set; }

    public void Start(StartDocument m)
    {
        (BatchId, InputBucket, Key, Options) = (m.BatchId, m.InputBucket, m.Key, m.Options);
        (OutputBucket, OutputPrefix, OutputKeyBase) = (m.OutputBucket, m.OutputPrefix, m.OutputKeyBase);
        StartedAt = DateTimeOffset.UtcNow;
    }

    public bool AllChunksIn => ChunkKeys.Count == ChunkCount;

    public void RecordChunk(PageChunkProcessed chunk)
    {
        if (!ChunkKeys.TryAdd(chunk.ChunkIndex, chunk.ChunkKey))
            return;
        Pages = Pages.Add(chunk.Pages);
        Timings = Timings.Add(chunk.Timings);
        Engines.AddRange(chunk.Engines.Except(Engines));
    }

    public AssembleDocument ToAssemble() => new(CorrelationId, BatchId, Key, Sha256!, OutputBucket, OutputKeyBase,
        ChunkKeys.Values.ToList(), RunKeys.StoredResult(OutputPrefix, Sha256!, Options), Reused);

    public DocumentFinished ToFinished() => new(CorrelationId, BatchId, ToManifestEntry(DateTimeOffset.UtcNow));

    public ManifestDocument ToManifestEntry(DateTimeOffset now) => new(
        Key,
        FailureReason is null ? DocumentStatus.Succeeded : DocumentStatus.Failed,
        FailureReason,
        Sha256,
        SizeBytes,
        Pages with { Total = PageCount },
        Outputs,
        Timings,
        Math.Round((now - StartedAt).TotalMilliseconds, 1),
        Engines,
        Reused);
}
