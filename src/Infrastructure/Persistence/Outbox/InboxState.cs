namespace Fleet.Infrastructure.Persistence.Outbox;

/// <summary>
/// A consumed message's inbox row (message id + consumer id), row-locked by the transaction that holds it. Changes
/// are kept here and written once, just before that transaction commits.
/// </summary>
public sealed class InboxState(Guid messageId, Guid consumerId)
{
    public Guid MessageId { get; } = messageId;
    public Guid ConsumerId { get; } = consumerId;
    public int ReceiveCount { get; set; }
    public DateTime? Consumed { get; set; }
    public DateTime? Delivered { get; set; }
    public long? LastSequenceNumber { get; set; }

    /// <summary>False only for a row this delivery created and stored nothing under: no outbox query is needed.</summary>
    public bool MayHaveOutboxRows { get; set; }

    public bool Changed { get; set; }

    /// <summary>The outbox was delivered: its rows are deleted with the inbox row's last update, in one round trip.</summary>
    public bool RemoveOutbox { get; set; }

    /// <summary>Outbox rows read together with the lock (a pass known to deliver), handed to the first load.</summary>
    public List<StoredOutboxMessage>? Prefetched { get; set; }

    /// <summary>Messages published or sent in this transaction, inserted just before it commits.</summary>
    public List<StoredOutboxMessage> Pending { get; } = [];
}
