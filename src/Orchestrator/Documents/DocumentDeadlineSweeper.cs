using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Orchestrator.Documents;

/// <summary>
/// Every <see cref="OrchestratorOptions.DeadlineSweepInterval"/>, finds documents whose last progress in the batch
/// ledger is older than <see cref="OrchestratorOptions.DocumentDeadline"/> and publishes
/// <see cref="DocumentDeadlinePassed"/> for each; the document saga fails it (there is no message scheduler here).
/// Safe with several orchestrator replicas: the ledger hands each stalled document to one sweeper per deadline
/// period, and the saga ignores the event for a document that has moved on or ended.
/// </summary>
public sealed class DocumentDeadlineSweeper(IServiceScopeFactory scopes, IBus bus, IOptions<OrchestratorOptions> options,
    ILogger<DocumentDeadlineSweeper> logger) : BackgroundService
{
    private const int ClaimSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DeadlineSweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var failed = await SweepAsync(stoppingToken);
                if (failed > 0)
                    logger.LogWarning("{Count} documents passed their deadline of {Deadline}", failed, options.Value.DocumentDeadline);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The next tick tries again; a claimed document is claimable again after another deadline.
                logger.LogError(e, "looking for documents past their deadline failed");
            }
        }
    }

    /// <summary>One sweep: how many stalled documents were reported.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var reported = 0;
        while (true)
        {
            IReadOnlyList<Infrastructure.Batches.StalledDocument> stalled;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var now = DateTimeOffset.UtcNow;
                stalled = await scope.ServiceProvider.GetRequiredService<IBatchDocuments>()
                    .ClaimStalledAsync(now - options.Value.DocumentDeadline, now, ClaimSize, cancellationToken);
            }
            foreach (var document in stalled)
            {
                await bus.Publish(new DocumentDeadlinePassed(document.DocumentId, document.BatchId, document.Key, document.State, document.ProgressAt),
                    cancellationToken);
            }
            reported += stalled.Count;
            if (stalled.Count < ClaimSize)
                return reported;
        }
    }
}
