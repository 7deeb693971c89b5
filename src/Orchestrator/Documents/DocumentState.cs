namespace Fleet.Orchestrator.Documents;

/// <summary>
/// One input document's progress: inspection, its page chunks as they come back, assembly. Only what grows with this
/// document's pages is kept (the indexes of the chunks in; their keys follow from <see cref="RunKeys.Chunk"/>), never
/// anything that grows with the batch.
/// </summary>
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
    /// <summary>The last time this document moved on; the deadline counts from it.</summary>
    public DateTimeOffset LastProgressAt { get; set; }
    public int PageCount { get; set; }
    public long SizeBytes { get; set; }
    public string? Sha256 { get; set; }
    /// <summary>The input's version as inspected, handed to every chunk.</summary>
    public string? ETag { get; set; }
    public int ChunkCount { get; set; }
    /// <summary>Indexes of the chunks whose results are in; a redelivered chunk counts once.</summary>
    public SortedSet<int> ChunksIn { get; set; } = [];
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
        StartedAt = LastProgressAt = DateTimeOffset.UtcNow;
    }

    public bool AllChunksIn => ChunksIn.Count == ChunkCount;

    public void RecordChunk(PageChunkProcessed chunk)
    {
        if (chunk.ChunkIndex < 0 || chunk.ChunkIndex >= ChunkCount || !ChunksIn.Add(chunk.ChunkIndex))
            return;
        Pages = Pages.Add(chunk.Pages);
        Timings = Timings.Add(chunk.Timings);
        Engines.AddRange(chunk.Engines.Except(Engines));
    }

    public void RecordReadInline(DocumentReadInline read)
    {
        (Pages, Engines, Outputs) = (read.Pages, read.Engines.ToList(), read.Outputs.ToList());
        Timings = Timings.Add(read.Timings) with { AssembleMs = read.AssembleMs };
    }

    public string ChunkKey(int chunkIndex) => RunKeys.Chunk(OutputPrefix, BatchId, CorrelationId, chunkIndex);

    public AssembleDocument ToAssemble() => new(CorrelationId, BatchId, Key, Sha256!, OutputBucket, OutputKeyBase,
        ChunksIn.Select(ChunkKey).ToList(), RunKeys.StoredResult(OutputPrefix, Sha256!, Options), Reused, Options.Outputs, InputBucket, ETag);

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
