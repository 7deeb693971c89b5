using MassTransit;
using MassTransit.Middleware;

namespace Fleet.Infrastructure.Persistence.Outbox;

/// <summary>
/// The transactional inbox/outbox per consumed message and consumer, driven by MassTransit's outbox pipe, which
/// consumes, then delivers, then cleans up, one pass at a time. Each transaction locks (or creates) the inbox row,
/// so a duplicate delivery waits and then finds the message consumed: it is not consumed again, but outbox messages
/// still pending are sent. Passes share a transaction until one stores outbox messages: those commit (with the saga
/// row, written through the same <see cref="IDbSession"/>) before a new transaction sends them and marks them sent.
/// </summary>
public sealed class PostgresOutboxContextFactory(PostgresDbSession session, IServiceProvider provider) : IOutboxContextFactory<IDbSession>
{
    public async Task Send<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next)
        where T : class
    {
        var messageId = context.GetOriginalMessageId() ?? throw new MessageException(typeof(T), "MessageId required to use the outbox");
        var cancellationToken = context.CancellationToken;
        var firstTransaction = true;
        var storedOutbox = false;
        var continueProcessing = true;
        while (continueProcessing)
        {
            await session.BeginAsync(cancellationToken);
            try
            {
                // A pass after this delivery committed outbox messages is there to send them: they come with the lock.
                var inbox = await InboxRows.LockAsync(session, messageId, options.ConsumerId, countDelivery: firstTransaction,
                    prefetchOutbox: storedOutbox, options.MessageDeliveryLimit, cancellationToken);
                firstTransaction = false;
                do
                {
                    var outboxContext = new PostgresOutboxConsumeContext<T>(context, options, provider, session, inbox);
                    await next.Send(outboxContext);
                    continueProcessing = outboxContext.ContinueProcessing;
                }
                while (continueProcessing && inbox.Pending.Count == 0);

                storedOutbox = inbox.Pending.Count > 0;
                await InboxRows.FlushAsync(session, inbox, cancellationToken);
                await session.CommitAsync(cancellationToken);
            }
            catch
            {
                await session.RollbackAsync();
                throw;
            }
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("outboxContextFactory").Add("provider", "postgresql");
}
