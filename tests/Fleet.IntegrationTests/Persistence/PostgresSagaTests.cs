using System.Diagnostics;
using MassTransit;

namespace Fleet.IntegrationTests.Persistence;

/// <summary>The counter saga on the real PostgreSQL, behind the transactional inbox/outbox.</summary>
[NonParallelizable]
public sealed class PostgresSagaTests
{
    [Test]
    public async Task Five_hundred_increments_from_eight_concurrent_consumers_on_two_replicas_count_exactly_five_hundred()
    {
        await using var first = await CounterHost.StartAsync(concurrentMessages: 4);
        await using var second = await CounterHost.StartAsync(concurrentMessages: 4);
        var counterId = Guid.NewGuid();
        await first.IncrementAsync(counterId);
        await TestDatabase.EventuallyAsync(async () => await TestDatabase.CountOfAsync(counterId) == 1, "the counter exists");

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 499).Select(i => (i % 2 == 0 ? first : second).IncrementAsync(counterId)));
        await TestDatabase.EventuallyAsync(async () => await TestDatabase.CountOfAsync(counterId) >= 499 + 1, "all increments counted", TimeSpan.FromSeconds(60));
        clock.Stop();
        await Task.Delay(300);

        Assert.Multiple(async () =>
        {
            Assert.That(await TestDatabase.CountOfAsync(counterId), Is.EqualTo(500));
            Assert.That(await TestDatabase.ScalarAsync<int>(
                "select version from fleet.saga_instances where saga_type = 'CounterState' and correlation_id = @id", ("id", counterId)), Is.EqualTo(500));
        });
        TestContext.Out.WriteLine($"499 contended increments in {clock.ElapsedMilliseconds} ms: {499 / clock.Elapsed.TotalSeconds:F0} events/s");
    }

    [Test]
    public async Task A_message_delivered_twice_changes_the_saga_once()
    {
        await using var host = await CounterHost.StartAsync();
        var counterId = Guid.NewGuid();
        await host.IncrementAsync(counterId);
        await TestDatabase.EventuallyAsync(async () => await TestDatabase.CountOfAsync(counterId) == 1, "the counter exists");

        var messageId = Guid.NewGuid();
        await Task.WhenAll(host.IncrementAsync(counterId, messageId: messageId), host.IncrementAsync(counterId, messageId: messageId));
        await TestDatabase.EventuallyAsync(async () => await ReceiveCountAsync(messageId) == 2, "both copies received");
        await host.IncrementAsync(counterId, messageId: messageId);
        await TestDatabase.EventuallyAsync(async () => await ReceiveCountAsync(messageId) == 3, "the third copy received");

        Assert.That(await TestDatabase.CountOfAsync(counterId), Is.EqualTo(2));
    }

    [Test]
    public async Task Two_initial_events_for_one_new_id_at_once_create_one_instance_and_both_count()
    {
        await using var first = await CounterHost.StartAsync();
        await using var second = await CounterHost.StartAsync();
        for (var round = 0; round < 20; round++)
        {
            var counterId = Guid.NewGuid();
            await Task.WhenAll(first.IncrementAsync(counterId), second.IncrementAsync(counterId), first.IncrementAsync(counterId));
            await TestDatabase.EventuallyAsync(async () => await TestDatabase.CountOfAsync(counterId) == 3, $"round {round}: three increments counted on one instance");
            Assert.That(await TestDatabase.ScalarAsync<long>(
                "select count(*) from fleet.saga_instances where saga_type = 'CounterState' and correlation_id = @id", ("id", counterId)), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_send_that_fails_after_the_commit_is_sent_once_on_redelivery_and_the_saga_does_not_advance_twice()
    {
        await using var host = await CounterHost.StartAsync();
        var counterId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        host.Delivery.FailNextCounted();

        await host.IncrementAsync(counterId, announce: true, messageId: messageId);
        await TestDatabase.EventuallyAsync(() => Task.FromResult(host.Delivery.Failures == 1), "the delivery failed");
        await Task.Delay(200);

        Assert.Multiple(async () =>
        {
            Assert.That(await TestDatabase.CountOfAsync(counterId), Is.EqualTo(1), "the transition committed");
            Assert.That(await PendingOutboxAsync(messageId), Is.EqualTo(1), "its Counted event waits in the outbox");
            Assert.That(host.Counted.Of(counterId), Is.Empty, "nothing reached the transport");
            Assert.That(await TestDatabase.ScalarAsync<bool>("""
                select s.xmin = o.xmin from fleet.saga_instances s, fleet.outbox_messages o
                where s.saga_type = 'CounterState' and s.correlation_id = @id and o.inbox_message_id = @message
                """, ("id", counterId), ("message", messageId)), Is.True, "saga row and outbox row were written by one transaction");
        });

        await host.IncrementAsync(counterId, announce: true, messageId: messageId);
        await TestDatabase.EventuallyAsync(async () => await PendingOutboxAsync(messageId) == 0, "the outbox drained");
        await TestDatabase.EventuallyAsync(() => Task.FromResult(host.Counted.Of(counterId).Count > 0), "Counted arrived");
        await Task.Delay(300);

        Assert.Multiple(async () =>
        {
            Assert.That(host.Counted.Of(counterId).Select(c => c.Count), Is.EqualTo(new[] { 1 }), "sent exactly once");
            Assert.That(await TestDatabase.CountOfAsync(counterId), Is.EqualTo(1), "the redelivery did not count again");
        });
    }

    [Test]
    public async Task A_finalized_saga_leaves_no_row()
    {
        await using var host = await CounterHost.StartAsync();
        var counterId = Guid.NewGuid();
        await host.IncrementAsync(counterId);
        await TestDatabase.EventuallyAsync(async () => await TestDatabase.CountOfAsync(counterId) == 1, "the counter exists");

        var finishId = Guid.NewGuid();
        await host.Bus.Publish(new FinishCounter(counterId), (PublishContext context) => context.MessageId = finishId);
        await TestDatabase.EventuallyAsync(async () => await TestDatabase.ScalarAsync<bool>(
            "select consumed is not null from fleet.inbox_state where message_id = @id", ("id", finishId)), "the finish consumed");

        Assert.That(await TestDatabase.CountOfAsync(counterId), Is.Null);
    }

    static Task<int> ReceiveCountAsync(Guid messageId) =>
        TestDatabase.ScalarAsync<int>("select coalesce(sum(receive_count), 0) from fleet.inbox_state where message_id = @id", ("id", messageId));

    static Task<long> PendingOutboxAsync(Guid messageId) =>
        TestDatabase.ScalarAsync<long>("select count(*) from fleet.outbox_messages where inbox_message_id = @id", ("id", messageId));
}
