namespace Fleet.Infrastructure.Messaging.Queues;

/// <summary>
/// The fleet's queues as last read: from RabbitMQ's management API in the fleet, from the in-memory transport's own
/// counts in one process. Reading is cheap (a snapshot); the reading itself happens in the background.
/// </summary>
public interface IQueueStats
{
    QueueSnapshot Snapshot();
}

/// <param name="Depth">Messages in the queue: waiting and being processed (RabbitMQ's ready + unacknowledged).</param>
/// <param name="InFlight">Messages handed to a consumer and not acknowledged yet.</param>
public sealed record QueueStat(string Queue, long Depth, long InFlight, int Consumers, double OldestMessageAgeSeconds)
{
    public bool IsErrorQueue => Queue.EndsWith("_error", StringComparison.Ordinal);

    /// <summary>
    /// A queue of one process alone (MassTransit's bus queue, an api process's dashboard pulse): left out of the stats,
    /// since its name changes with every process and would make the queue label unbounded.
    /// </summary>
    public static bool IsPerProcess(string queue) =>
        queue.StartsWith("fleet-pulse-", StringComparison.Ordinal) || queue.Contains("_bus_", StringComparison.Ordinal);
}

/// <summary>A worker connected to the page-chunk queue and the chunks it has taken and not finished.</summary>
public sealed record WorkerStat(string Name, long ChunksInFlight);

/// <param name="Error">Why the queues could not be read, when they could not (the last good reading stays).</param>
public sealed record QueueSnapshot(IReadOnlyList<QueueStat> Queues, IReadOnlyList<WorkerStat> Workers, DateTimeOffset? ReadAt, string? Error = null)
{
    public static readonly QueueSnapshot Empty = new([], [], null);
}
