using System.Collections.Concurrent;
using MassTransit;

namespace Fleet.IntegrationTests.Persistence;

/// <summary>Every Counted event that reached the transport, per counter (its consumer has no inbox, so repeats show).</summary>
public sealed class CountedLog
{
    public ConcurrentDictionary<Guid, ConcurrentQueue<(Guid MessageId, int Count)>> Received { get; } = new();

    public IReadOnlyCollection<(Guid MessageId, int Count)> Of(Guid counterId) =>
        Received.TryGetValue(counterId, out var queue) ? queue.ToArray() : [];
}

public sealed class CountedConsumer(CountedLog log) : IConsumer<Counted>
{
    public Task Consume(ConsumeContext<Counted> context)
    {
        log.Received.GetOrAdd(context.Message.CounterId, _ => new()).Enqueue((context.MessageId!.Value, context.Message.Count));
        return Task.CompletedTask;
    }
}
