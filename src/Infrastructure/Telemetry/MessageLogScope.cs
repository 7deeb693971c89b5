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
        var state = new Dictionary<string, object?>(Ids.Length);
        foreach (var (name, property) in Ids)
            state[name] = property.GetValue(context.Message);
        using (logger.BeginScope(state))
            await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("fleetLogScope");
}
