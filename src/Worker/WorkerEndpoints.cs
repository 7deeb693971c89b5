using Fleet.Infrastructure.Messaging;

namespace Fleet.Worker;

/// <summary>
/// The worker's queues. Their consumers are idempotent and keep no state of their own (each writes whole objects by
/// key and answers with an event the sagas count once), so they need no database: no inbox/outbox transaction per
/// message, and a worker machine needs no database credentials.
/// </summary>
public static class WorkerEndpoints
{
    public const string Inspect = "inspect-document";
    public const string Assemble = "assemble-document";

    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal) { Inspect, ChunkQueue.Name, Assemble, RecognitionQueue.Name };
}
