using Fleet.Infrastructure.Persistence.Outbox;

namespace Fleet.IntegrationTests.Persistence;

public sealed class InboxCleanupTests
{
    [Test]
    public async Task Cleanup_removes_delivered_rows_past_the_window_and_keeps_what_is_still_to_be_sent()
    {
        Guid oldDelivered = Guid.NewGuid(), recentDelivered = Guid.NewGuid(), undelivered = Guid.NewGuid(), consumer = Guid.NewGuid();
        await TestDatabase.ScalarAsync<int>("""
            insert into fleet.inbox_state(message_id, consumer_id, received, receive_count, consumed, delivered) values
                (@old, @consumer, now() - interval '2 hours', 1, now() - interval '2 hours', now() - interval '2 hours'),
                (@recent, @consumer, now(), 1, now(), now()),
                (@undelivered, @consumer, now() - interval '2 hours', 1, now() - interval '2 hours', null);
            insert into fleet.outbox_messages(inbox_message_id, inbox_consumer_id, message_id, content_type, message_type, body, sent_time) values
                (@recent, @consumer, gen_random_uuid(), 'application/json', 'urn:message:x', '{}', now()),
                (@undelivered, @consumer, gen_random_uuid(), 'application/json', 'urn:message:x', '{}', now());
            select 1
            """, ("old", oldDelivered), ("recent", recentDelivered), ("undelivered", undelivered), ("consumer", consumer));

        await InboxCleanupService.CleanAsync(TestDatabase.DataSource, TimeSpan.FromMinutes(30), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await InboxRowsOf(oldDelivered), Is.Zero, "past the window and delivered");
            Assert.That(await InboxRowsOf(recentDelivered), Is.EqualTo(1), "inside the window: still detects duplicates");
            Assert.That(await OutboxRowsOf(recentDelivered), Is.Zero, "already sent");
            Assert.That(await InboxRowsOf(undelivered), Is.EqualTo(1), "its redelivery still has to send");
            Assert.That(await OutboxRowsOf(undelivered), Is.EqualTo(1));
        });
        await TestDatabase.ScalarAsync<int>("""
            delete from fleet.outbox_messages where inbox_consumer_id = @consumer;
            delete from fleet.inbox_state where consumer_id = @consumer; select 1
            """, ("consumer", consumer));
    }

    static Task<long> InboxRowsOf(Guid messageId) =>
        TestDatabase.ScalarAsync<long>("select count(*) from fleet.inbox_state where message_id = @id", ("id", messageId));

    static Task<long> OutboxRowsOf(Guid messageId) =>
        TestDatabase.ScalarAsync<long>("select count(*) from fleet.outbox_messages where inbox_message_id = @id", ("id", messageId));
}
