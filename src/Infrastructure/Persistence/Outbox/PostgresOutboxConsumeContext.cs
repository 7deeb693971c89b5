using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;

namespace Fleet.Infrastructure.Persistence.Outbox;

/// <summary>
/// The consume context a consumer or saga sees behind the inbox/outbox: what it publishes or sends is kept with the
/// inbox row and written in the consume's transaction, then sent by MassTransit's outbox pipe after the commit.
/// </summary>
public sealed class PostgresOutboxConsumeContext<TMessage>(
    ConsumeContext<TMessage> context, OutboxConsumeOptions options, IServiceProvider provider, PostgresDbSession session, InboxState inbox)
    : OutboxConsumeContextProxy<TMessage>(context, options, provider)
    where TMessage : class
{
    public override Guid? MessageId => inbox.MessageId;
    public override bool ContinueProcessing { get; set; } = true;
    public override bool IsMessageConsumed => inbox.Consumed.HasValue;
    public override bool IsOutboxDelivered => inbox.Delivered.HasValue;
    public override int ReceiveCount => inbox.ReceiveCount;
    public override long? LastSequenceNumber => inbox.LastSequenceNumber;

    public override Task SetConsumed()
    {
        inbox.Consumed = DateTime.UtcNow;
        inbox.Changed = true;
        return Task.CompletedTask;
    }

    public override Task SetDelivered()
    {
        inbox.Delivered = DateTime.UtcNow;
        inbox.Changed = true;
        return Task.CompletedTask;
    }

    public override async Task<List<OutboxMessageContext>> LoadOutboxMessages()
    {
        var messages = await InboxRows.LoadOutboxAsync(session, inbox, Options.MessageDeliveryLimit, CancellationToken);
        foreach (var message in messages)
            message.Deserialize(SerializerContext);
        return [.. messages];
    }

    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message)
    {
        inbox.LastSequenceNumber = message.SequenceNumber;
        inbox.Changed = true;
        return Task.CompletedTask;
    }

    public override Task RemoveOutboxMessages()
    {
        InboxRows.RemoveOutbox(inbox);
        return Task.CompletedTask;
    }

    public override Task AddSend<T>(SendContext<T> context)
    {
        if (context.MessageId is not { } messageId)
            throw new MessageException(typeof(T), "The SendContext MessageId must be present");
        var now = DateTime.UtcNow;
        var message = new StoredOutboxMessage
        {
            MessageId = messageId,
            ConversationId = context.ConversationId,
            CorrelationId = context.CorrelationId,
            InitiatorId = context.InitiatorId,
            RequestId = context.RequestId,
            SourceAddress = context.SourceAddress,
            DestinationAddress = context.DestinationAddress,
            ResponseAddress = context.ResponseAddress,
            FaultAddress = context.FaultAddress,
            SentTime = context.SentTime ?? now,
            ContentType = context.ContentType?.ToString() ?? context.Serialization.DefaultContentType.ToString(),
            MessageType = string.Join(";", context.SupportedMessageTypes),
            Body = context.Serializer.GetMessageBody(context).GetString(),
            EnqueueTime = context.Delay is { } delay ? now + delay : null,
            ExpirationTime = context.TimeToLive is { } ttl ? now + ttl : null,
            Headers = SerializerContext.SerializeDictionary(context.Headers.GetAll()),
        };
        if (context is TransportSendContext transportContext)
        {
            var properties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            transportContext.WritePropertiesTo(properties);
            if (properties.Count > 0)
                message.Properties = SerializerContext.SerializeDictionary(properties);
        }
        // Publishes of one consume may run side by side; the connection takes one command at a time, so they are
        // collected here and inserted together before the commit.
        lock (inbox.Pending)
            inbox.Pending.Add(message);
        return Task.CompletedTask;
    }
}
