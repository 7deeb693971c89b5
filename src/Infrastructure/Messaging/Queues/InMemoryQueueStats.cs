using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Infrastructure.Messaging.Queues;

/// <summary>
/// Queue depths of the in-memory transport (one process, every role), counted from the bus's own observers: a message
/// sent or published to an exchange counts in every queue the exchange reaches (read from the bus's topology), until
/// that queue's consumer has finished with it. A message that faults past its retries counts in the queue's
/// <c>_error</c> queue, which nothing consumes in memory.
/// </summary>
public sealed class InMemoryQueueStats(IServiceProvider services) : IQueueStats, ISendObserver, IPublishObserver, IReceiveObserver
{
    private readonly ConcurrentDictionary<string, QueueCounter> queues = new(StringComparer.Ordinal);
    /// <summary>Queues this process has received from: consumed here, whatever the topology said when it was read.</summary>
    private readonly ConcurrentDictionary<string, bool> receiving = new(StringComparer.Ordinal);
    private readonly Lock topologyGate = new();
    private IReadOnlyDictionary<string, string[]> routes = new Dictionary<string, string[]>();
    private IReadOnlySet<string> consumed = new HashSet<string>();
    private long topologyReadAt;

    public QueueSnapshot Snapshot()
    {
        // Before the first message nothing is counted yet, but the queues and their consumers are there once the bus is;
        // endpoints connected later are picked up within half a minute.
        var age = Stopwatch.GetElapsedTime(topologyReadAt);
        if ((consumed.Count == 0 && age > TimeSpan.FromSeconds(1)) || age > TimeSpan.FromSeconds(30))
        {
            lock (topologyGate)
            {
                try
                {
                    if (Stopwatch.GetElapsedTime(topologyReadAt) > TimeSpan.FromSeconds(1))
                    {
                        ReadTopology();
                        topologyReadAt = Stopwatch.GetTimestamp();
                    }
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
                {
                    return QueueSnapshot.Empty with { Error = $"the in-memory transport's topology could not be read: {e.Message}" };
                }
            }
        }
        var now = Stopwatch.GetTimestamp();
        var known = consumed.Concat(receiving.Keys).ToHashSet(StringComparer.Ordinal);
        var stats = queues
            .Where(q => !QueueStat.IsPerProcess(q.Key))
            .Select(q => q.Value.Read(q.Key, now, known.Contains(q.Key) ? 1 : 0))
            .Concat(known.Where(name => !queues.ContainsKey(name) && !QueueStat.IsPerProcess(name)).Select(name => new QueueStat(name, 0, 0, 1, 0)))
            .OrderBy(q => q.Queue, StringComparer.Ordinal)
            .ToList();
        var chunks = stats.FirstOrDefault(q => q.Queue == ChunkQueue.Name);
        IReadOnlyList<WorkerStat> workers = chunks is { Consumers: > 0 } ? [new WorkerStat(Environment.MachineName, chunks.InFlight)] : [];
        return new QueueSnapshot(stats, workers, DateTimeOffset.UtcNow);
    }

    public Task PostSend<T>(SendContext<T> context) where T : class
    {
        Sent(context.DestinationAddress);
        return Task.CompletedTask;
    }

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        Sent(context.DestinationAddress);
        return Task.CompletedTask;
    }

    public Task PreReceive(ReceiveContext context)
    {
        var queue = QueueName(context.InputAddress);
        receiving.TryAdd(queue, true);
        Counter(queue).Started();
        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context)
    {
        var queue = QueueName(context.InputAddress);
        Counter(queue).Done();
        if (context.IsFaulted)
            Counter(queue + "_error").Enqueued(Stopwatch.GetTimestamp());
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        var queue = QueueName(context.InputAddress);
        Counter(queue).Done();
        Counter(queue + "_error").Enqueued(Stopwatch.GetTimestamp());
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class =>
        Task.CompletedTask;

    public Task PreSend<T>(SendContext<T> context) where T : class => Task.CompletedTask;

    public Task SendFault<T>(SendContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    private void Sent(Uri? destination)
    {
        if (destination is null)
            return;
        var exchange = QueueName(destination);
        var now = Stopwatch.GetTimestamp();
        string[] reached;
        try
        {
            reached = QueuesReachedFrom(exchange);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            // Counting must never fail a send: an unreadable topology leaves the depths uncounted instead.
            return;
        }
        foreach (var queue in reached)
            Counter(queue).Enqueued(now);
    }

    private QueueCounter Counter(string queue) => queues.GetOrAdd(queue, _ => new QueueCounter());

    private static string QueueName(Uri? address) => address?.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "";

    /// <summary>
    /// The queues an exchange delivers to, from the bus's topology; read again when an exchange is new, since the
    /// transport binds exchanges as endpoints start and message types are first published.
    /// </summary>
    private string[] QueuesReachedFrom(string exchange)
    {
        if (routes.TryGetValue(exchange, out var reached))
            return reached;
        lock (topologyGate)
        {
            // An exchange the last reading did not have is new since: read again (every exchange read stays known).
            if (!routes.ContainsKey(exchange))
            {
                ReadTopology();
                topologyReadAt = Stopwatch.GetTimestamp();
            }
            return routes.TryGetValue(exchange, out reached) ? reached : [];
        }
    }

    private void ReadTopology()
    {
        if (services.GetService<IBus>() is not { } bus)
            return;
        var probe = JsonSerializer.SerializeToNode(bus.GetProbeResult().Results);
        var fabric = probe?["bus"]?["host"]?["messageFabric"];
        if (fabric is null)
            return;
        var found = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var exchange in Items(fabric["exchange"]))
        {
            if (exchange?["name"]?.GetValue<string>() is { } name)
                found[name] = QueuesIn(exchange["sinks"]).Distinct(StringComparer.Ordinal).ToArray();
        }
        consumed = Items(fabric["queue"]).Where(q => q?["receiver"] is not null)
            .Select(q => q!["name"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        routes = found;
    }

    private static IEnumerable<string> QueuesIn(JsonNode? sinks)
    {
        if (sinks is null)
            yield break;
        foreach (var queue in Items(sinks["queue"]))
        {
            if (queue?["name"]?.GetValue<string>() is { } name)
                yield return name;
        }
        foreach (var exchange in Items(sinks["exchange"]))
        {
            foreach (var name in QueuesIn(exchange?["sinks"]))
                yield return name;
        }
    }

    /// <summary>The probe writes one item as an object and several as an array.</summary>
    private static IEnumerable<JsonNode?> Items(JsonNode? node) => node switch
    {
        JsonArray array => array.ToArray(),
        JsonObject item => new JsonNode?[] { item },
        _ => Array.Empty<JsonNode?>(),
    };

    private sealed class QueueCounter
    {
        private readonly Lock gate = new();
        private readonly Queue<long> enqueuedAt = new();
        private long inFlight;

        public void Enqueued(long timestamp)
        {
            lock (gate) enqueuedAt.Enqueue(timestamp);
        }

        public void Started()
        {
            lock (gate) inFlight++;
        }

        public void Done()
        {
            lock (gate)
            {
                inFlight = Math.Max(0, inFlight - 1);
                enqueuedAt.TryDequeue(out _);
            }
        }

        public QueueStat Read(string name, long now, int consumers)
        {
            lock (gate)
            {
                var oldest = enqueuedAt.TryPeek(out var first) ? Stopwatch.GetElapsedTime(first, now).TotalSeconds : 0;
                return new QueueStat(name, Math.Max(enqueuedAt.Count, inFlight), inFlight, consumers, Math.Round(oldest, 3));
            }
        }
    }
}
