namespace Fleet.Cli.Status;

/// <summary>
/// What <c>GET /dashboard/feed</c> answers (the dashboard's own data; see Ingest.Api's DashboardApi): the fleet's queues
/// and workers, throughput, and the tenant's batches. Only the fields <c>fleet status</c> shows are read.
/// </summary>
public sealed record StatusFeed(
    string Tenant, DateTimeOffset? At, IReadOnlyList<StatusQueue> Queues, string? QueueError, IReadOnlyList<StatusWorker> Workers,
    double PagesPerSecond, double FailuresPerSecond, long ErrorQueueMessages, long BatchesInFlight, IReadOnlyList<StatusBatch> Batches);

public sealed record StatusQueue(string Queue, long Depth, long InFlight, int Consumers, double OldestMessageAgeSeconds);

public sealed record StatusWorker(string Name, long ChunksInFlight);

public sealed record StatusBatch(
    Guid BatchId, string? Tag, string State, int Documents, int Finished, int Failed, int PagesDone, int PagesTotal, double? EtaSeconds,
    DateTimeOffset SubmittedAt, DateTimeOffset? EndedAt);
