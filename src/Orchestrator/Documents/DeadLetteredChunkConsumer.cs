using System.Collections;
using System.Text;
using System.Text.Json;

namespace Fleet.Orchestrator.Documents;

/// <summary>
/// Consumes the chunks the broker dead-letters: a quorum queue gives up on a <see cref="ProcessPageChunk"/> delivered
/// more than its delivery limit, which happens when the worker process dies on it each time (a PDF that crashes the
/// renderer), so no fault is ever published. This fails the document with <see cref="PageChunkFailed"/>.
/// Not configured by <c>ConfigureEndpoints</c> (it would take every chunk): it belongs on the chunk queue's
/// dead-letter queue only, with consume topology off.
/// </summary>
[ExcludeFromConfigureEndpoints]
public sealed class DeadLetteredChunkConsumer : IConsumer<ProcessPageChunk>
{
    public Task Consume(ConsumeContext<ProcessPageChunk> context)
    {
        var chunk = context.Message;
        var times = DeliveryCount(context.Headers) is { } count ? $"{count} times" : "repeatedly";
        return context.Publish(new PageChunkFailed(chunk.DocumentId, chunk.BatchId, chunk.ChunkIndex,
            $"worker process died {times} on pages {chunk.FirstPage}-{chunk.FirstPage + chunk.PageCount - 1}"));
    }

    /// <summary>
    /// How often the broker delivered the message: <c>x-delivery-count</c>, as a quorum queue sets it, or else the
    /// count of the first <c>x-death</c> entry (RabbitMQ 3.10 dead-lettering). Values come as the AMQP client gives
    /// them (numbers, byte arrays, tables) or as JSON where the headers travelled serialized.
    /// </summary>
    public static long? DeliveryCount(Headers headers) =>
        DeliveryCount(headers.TryGetHeader("x-delivery-count", out var deliveries) ? deliveries : null,
            headers.TryGetHeader("x-death", out var deaths) ? deaths : null);

    /// <summary>The same, from the two header values themselves (null when absent).</summary>
    public static long? DeliveryCount(object? deliveryCountHeader, object? deathHeader) =>
        Count(deliveryCountHeader) is { } count and > 0 ? count : DeathCount(deathHeader);

    private static long? DeathCount(object? deaths) => deaths switch
    {
        JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("count", out var c) ? Count(c) : null)
            .FirstOrDefault(c => c > 0),
        IEnumerable entries and not string and not byte[] => entries.Cast<object?>().Select(EntryCount).FirstOrDefault(c => c > 0),
        _ => null,
    };

    private static long? EntryCount(object? entry) => entry switch
    {
        IDictionary<string, object?> table => table.TryGetValue("count", out var c) ? Count(c) : null,
        IEnumerable<KeyValuePair<string, object?>> pairs => Count(pairs.FirstOrDefault(p => p.Key == "count").Value),
        JsonElement { ValueKind: JsonValueKind.Object } element => element.TryGetProperty("count", out var c) ? Count(c) : null,
        _ => null,
    };

    private static long? Count(object? value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        uint u => u,
        ulong u => (long)u,
        decimal d => (long)d,
        double d => (long)d,
        string s => long.TryParse(s, out var parsed) ? parsed : null,
        byte[] bytes => long.TryParse(Encoding.UTF8.GetString(bytes), out var parsed) ? parsed : null,
        JsonElement { ValueKind: JsonValueKind.Number } n => n.TryGetInt64(out var parsed) ? parsed : null,
        JsonElement { ValueKind: JsonValueKind.String } s => long.TryParse(s.GetString(), out var parsed) ? parsed : null,
        _ => null,
    };
}
