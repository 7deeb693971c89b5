using MassTransit;
using MassTransit.Metadata;
using MassTransit.Middleware;
using MassTransit.Serialization;

namespace Fleet.Infrastructure.Persistence.Outbox;

/// <summary>A row of <c>fleet.outbox_messages</c>: a message published during a consume, sent after its commit.</summary>
public sealed class StoredOutboxMessage : OutboxMessageContext
{
    Headers _headers = EmptyHeaders.Instance;
    IReadOnlyDictionary<string, object> _properties = new Dictionary<string, object>();

    public long SequenceNumber { get; set; }
    public Guid MessageId { get; set; }
    public string ContentType { get; set; } = "";
    public string MessageType { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Headers { get; set; }
    public string? Properties { get; set; }
    public Guid? ConversationId { get; set; }
    public Guid? CorrelationId { get; set; }
    public Guid? InitiatorId { get; set; }
    public Guid? RequestId { get; set; }
    public Uri? SourceAddress { get; set; }
    public Uri? DestinationAddress { get; set; }
    public Uri? ResponseAddress { get; set; }
    public Uri? FaultAddress { get; set; }
    public DateTime SentTime { get; set; }
    public DateTime? EnqueueTime { get; set; }
    public DateTime? ExpirationTime { get; set; }

    Guid? MessageContext.MessageId => MessageId;
    DateTime? MessageContext.SentTime => SentTime;
    Headers MessageContext.Headers => _headers;
    HostInfo MessageContext.Host => HostMetadataCache.Host;
    IReadOnlyDictionary<string, object> OutboxMessageContext.Properties => _properties;

    /// <summary>Turns the stored header and property JSON back into what the send pipe reads.</summary>
    public void Deserialize(IObjectDeserializer deserializer)
    {
        if (!string.IsNullOrWhiteSpace(Headers) && deserializer.DeserializeObject<Dictionary<string, object?>>(Headers) is { Count: > 0 } headers)
            _headers = new DictionarySendHeaders(headers);
        if (!string.IsNullOrWhiteSpace(Properties) && deserializer.DeserializeObject<Dictionary<string, object>>(Properties) is { } properties)
            _properties = properties;
    }
}
