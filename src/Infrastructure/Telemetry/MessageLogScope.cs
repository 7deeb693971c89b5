using System.Collections.Concurrent;
using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Fleet.Infrastructure.Telemetry;

/// <summary>
/// Every log line written while a message is consumed carries the message's batch, document and chunk ids as scope
/// properties (BatchId, DocumentId, ChunkIndex), whichever of them the message has, so the JSON logs of a fleet can be
/// filtered by batch or document without each consumer repeating them.
/// </summary>
public sealed class MessageLogScope<T>(ILogger<MessageLogScope<T>> logger) : IFilter<ConsumeContext<T>> where T : class
{
    private static readonly (string Name, PropertyInfo Property)[] Ids = typeof(T).GetProperties()
        .Where(p => p.Name is "BatchId" or "DocumentId" or "ChunkIndex" && (p.PropertyType == typeof(Guid) || p.PropertyType == typeof(int)))
        .Select(p => (p.Name, p))
        .ToArray();

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (Ids.Length == 0)
        {
            await next.Send(context);
            return;
        }
        var ids = new KeyValuePair<string, object?>[Ids.Length];
        for (var i = 0; i < Ids.Length; i++)
            ids[i] = new(Ids[i].Name, Ids[i].Property.GetValue(context.Message));
        using (logger.BeginScope(new MessageIds(ids)))
            await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("fleetLogScope");
}

/// <summary>
/// A log scope of message ids: properties for structured (JSON) logs, and "BatchId=…, DocumentId=…" on plain lines.
/// </summary>
public sealed class MessageIds(KeyValuePair<string, object?>[] ids) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => ids.Length;

    public KeyValuePair<string, object?> this[int index] => ids[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)ids).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", ids.Select(id => $"{id.Key}={id.Value}"));
}
