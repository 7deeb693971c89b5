using Npgsql;
using NpgsqlTypes;

namespace Fleet.Infrastructure.Persistence.Outbox;

/// <summary>SQL for <c>fleet.inbox_state</c> and <c>fleet.outbox_messages</c>, on the session's transaction.</summary>
public static class InboxRows
{
    /// <summary>
    /// Creates the inbox row or locks the existing one (a duplicate delivery waits here until the first one's
    /// transaction ends, then sees what it committed), counting this delivery on its first pass. With
    /// <paramref name="prefetchOutbox"/> (a pass after this delivery stored outbox messages) the messages not yet sent,
    /// up to <paramref name="outboxLimit"/> + 1, are read in the same round trip, behind the lock.
    /// </summary>
    public static async Task<InboxState> LockAsync(PostgresDbSession session, Guid messageId, Guid consumerId, bool countDelivery,
        bool prefetchOutbox, int outboxLimit, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, session.Transaction);
        var upsert = new NpgsqlBatchCommand("""
            insert into fleet.inbox_state(message_id, consumer_id, received, receive_count)
            values (@message, @consumer, now(), 1)
            on conflict (message_id, consumer_id) do update set receive_count = fleet.inbox_state.receive_count + @count
            returning receive_count, consumed, delivered, last_sequence_number, xmax = 0
            """);
        upsert.Parameters.AddWithValue("message", messageId);
        upsert.Parameters.AddWithValue("consumer", consumerId);
        upsert.Parameters.AddWithValue("count", countDelivery ? 1 : 0);
        batch.BatchCommands.Add(upsert);
        if (prefetchOutbox)
            batch.BatchCommands.Add(SelectOutbox(messageId, consumerId, last: null, outboxLimit));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var inbox = new InboxState(messageId, consumerId)
        {
            ReceiveCount = reader.GetInt32(0),
            Consumed = reader.IsDBNull(1) ? null : reader.GetDateTime(1),
            Delivered = reader.IsDBNull(2) ? null : reader.GetDateTime(2),
            LastSequenceNumber = reader.IsDBNull(3) ? null : reader.GetInt64(3),
            MayHaveOutboxRows = !reader.GetBoolean(4),
        };
        if (prefetchOutbox && await reader.NextResultAsync(cancellationToken))
            inbox.Prefetched = await ReadOutboxAsync(reader, cancellationToken);
        return inbox;
    }

    /// <summary>Writes what this transaction changed: its new outbox messages and the inbox row.</summary>
    public static async Task FlushAsync(PostgresDbSession session, InboxState inbox, CancellationToken cancellationToken)
    {
        if (inbox.Pending.Count == 0 && !inbox.Changed && !inbox.RemoveOutbox)
            return;
        var connection = await session.ConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, session.Transaction);
        if (inbox.RemoveOutbox)
        {
            // First, so that it can only ever remove rows that were there before this transaction's own inserts.
            var remove = new NpgsqlBatchCommand("delete from fleet.outbox_messages where inbox_message_id = @message and inbox_consumer_id = @consumer");
            remove.Parameters.AddWithValue("message", inbox.MessageId);
            remove.Parameters.AddWithValue("consumer", inbox.ConsumerId);
            batch.BatchCommands.Add(remove);
        }
        foreach (var message in inbox.Pending)
            batch.BatchCommands.Add(Insert(inbox, message));
        if (inbox.Changed)
        {
            var update = new NpgsqlBatchCommand("""
                update fleet.inbox_state set consumed = @consumed, delivered = @delivered, last_sequence_number = @last
                where message_id = @message and consumer_id = @consumer
                """);
            update.Parameters.AddWithValue("consumed", NpgsqlDbType.TimestampTz, (object?)inbox.Consumed ?? DBNull.Value);
            update.Parameters.AddWithValue("delivered", NpgsqlDbType.TimestampTz, (object?)inbox.Delivered ?? DBNull.Value);
            update.Parameters.AddWithValue("last", NpgsqlDbType.Bigint, (object?)inbox.LastSequenceNumber ?? DBNull.Value);
            update.Parameters.AddWithValue("message", inbox.MessageId);
            update.Parameters.AddWithValue("consumer", inbox.ConsumerId);
            batch.BatchCommands.Add(update);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (inbox.Pending.Count > 0)
            inbox.MayHaveOutboxRows = true;
        inbox.Pending.Clear();
        inbox.Changed = false;
        inbox.RemoveOutbox = false;
    }

    /// <summary>
    /// The next messages not yet sent, in order, at most <paramref name="limit"/> + 1: MassTransit's outbox pipe sends
    /// up to the limit per pass and marks the outbox delivered on the pass that finds fewer than the limit left.
    /// </summary>
    public static async Task<List<StoredOutboxMessage>> LoadOutboxAsync(PostgresDbSession session, InboxState inbox, int limit, CancellationToken cancellationToken)
    {
        if (inbox.Prefetched is { } prefetched)
        {
            inbox.Prefetched = null;
            return prefetched;
        }
        if (!inbox.MayHaveOutboxRows)
            return [];
        var connection = await session.ConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, session.Transaction);
        batch.BatchCommands.Add(SelectOutbox(inbox.MessageId, inbox.ConsumerId, inbox.LastSequenceNumber ?? 0L, limit));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await ReadOutboxAsync(reader, cancellationToken);
    }

    /// <summary>
    /// Marks the delivered outbox for deletion, which <see cref="FlushAsync"/> does with the inbox row's update before
    /// the commit (nothing reads the rows in between).
    /// </summary>
    public static void RemoveOutbox(InboxState inbox)
    {
        if (!inbox.MayHaveOutboxRows)
            return;
        inbox.RemoveOutbox = true;
        inbox.MayHaveOutboxRows = false;
    }

    /// <summary>Outbox rows after <paramref name="last"/> (null: after the inbox row's own last sequence number), in order.</summary>
    static NpgsqlBatchCommand SelectOutbox(Guid messageId, Guid consumerId, long? last, int limit)
    {
        var command = new NpgsqlBatchCommand("""
            select sequence_number, message_id, content_type, message_type, body, headers, properties, conversation_id,
                   correlation_id, initiator_id, request_id, source_address, destination_address, response_address,
                   fault_address, sent_time, enqueue_time, expiration_time
            from fleet.outbox_messages
            where inbox_message_id = @message and inbox_consumer_id = @consumer
              and sequence_number > coalesce(@last, (select last_sequence_number from fleet.inbox_state
                                                     where message_id = @message and consumer_id = @consumer), 0)
            order by sequence_number
            limit @limit
            """);
        command.Parameters.AddWithValue("message", messageId);
        command.Parameters.AddWithValue("consumer", consumerId);
        command.Parameters.AddWithValue("last", NpgsqlDbType.Bigint, (object?)last ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        return command;
    }

    static async Task<List<StoredOutboxMessage>> ReadOutboxAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var messages = new List<StoredOutboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new StoredOutboxMessage
            {
                SequenceNumber = reader.GetInt64(0),
                MessageId = reader.GetGuid(1),
                ContentType = reader.GetString(2),
                MessageType = reader.GetString(3),
                Body = reader.GetString(4),
                Headers = reader.IsDBNull(5) ? null : reader.GetString(5),
                Properties = reader.IsDBNull(6) ? null : reader.GetString(6),
                ConversationId = NullableGuid(reader, 7),
                CorrelationId = NullableGuid(reader, 8),
                InitiatorId = NullableGuid(reader, 9),
                RequestId = NullableGuid(reader, 10),
                SourceAddress = NullableUri(reader, 11),
                DestinationAddress = NullableUri(reader, 12),
                ResponseAddress = NullableUri(reader, 13),
                FaultAddress = NullableUri(reader, 14),
                SentTime = reader.GetDateTime(15),
                EnqueueTime = reader.IsDBNull(16) ? null : reader.GetDateTime(16),
                ExpirationTime = reader.IsDBNull(17) ? null : reader.GetDateTime(17),
            });
        }
        return messages;
    }

    static NpgsqlBatchCommand Insert(InboxState inbox, StoredOutboxMessage message)
    {
        var command = new NpgsqlBatchCommand("""
            insert into fleet.outbox_messages(inbox_message_id, inbox_consumer_id, message_id, content_type, message_type, body,
                headers, properties, conversation_id, correlation_id, initiator_id, request_id, source_address,
                destination_address, response_address, fault_address, sent_time, enqueue_time, expiration_time)
            values (@inbox_message, @inbox_consumer, @message_id, @content_type, @message_type, @body, @headers, @properties,
                @conversation_id, @correlation_id, @initiator_id, @request_id, @source_address, @destination_address,
                @response_address, @fault_address, @sent_time, @enqueue_time, @expiration_time)
            """);
        var p = command.Parameters;
        p.AddWithValue("inbox_message", inbox.MessageId);
        p.AddWithValue("inbox_consumer", inbox.ConsumerId);
        p.AddWithValue("message_id", message.MessageId);
        p.AddWithValue("content_type", message.ContentType);
        p.AddWithValue("message_type", message.MessageType);
        p.AddWithValue("body", message.Body);
        p.AddWithValue("headers", NpgsqlDbType.Text, (object?)message.Headers ?? DBNull.Value);
        p.AddWithValue("properties", NpgsqlDbType.Text, (object?)message.Properties ?? DBNull.Value);
        p.AddWithValue("conversation_id", NpgsqlDbType.Uuid, (object?)message.ConversationId ?? DBNull.Value);
        p.AddWithValue("correlation_id", NpgsqlDbType.Uuid, (object?)message.CorrelationId ?? DBNull.Value);
        p.AddWithValue("initiator_id", NpgsqlDbType.Uuid, (object?)message.InitiatorId ?? DBNull.Value);
        p.AddWithValue("request_id", NpgsqlDbType.Uuid, (object?)message.RequestId ?? DBNull.Value);
        p.AddWithValue("source_address", NpgsqlDbType.Text, (object?)message.SourceAddress?.ToString() ?? DBNull.Value);
        p.AddWithValue("destination_address", NpgsqlDbType.Text, (object?)message.DestinationAddress?.ToString() ?? DBNull.Value);
        p.AddWithValue("response_address", NpgsqlDbType.Text, (object?)message.ResponseAddress?.ToString() ?? DBNull.Value);
        p.AddWithValue("fault_address", NpgsqlDbType.Text, (object?)message.FaultAddress?.ToString() ?? DBNull.Value);
        p.AddWithValue("sent_time", NpgsqlDbType.TimestampTz, message.SentTime);
        p.AddWithValue("enqueue_time", NpgsqlDbType.TimestampTz, (object?)message.EnqueueTime ?? DBNull.Value);
        p.AddWithValue("expiration_time", NpgsqlDbType.TimestampTz, (object?)message.ExpirationTime ?? DBNull.Value);
        return command;
    }

    static Guid? NullableGuid(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    static Uri? NullableUri(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : new Uri(reader.GetString(ordinal));
}
