using Amazon.SQS;
using Fleet.Infrastructure.Hosting;
using Fleet.Infrastructure.Messaging;
using Fleet.Infrastructure.Persistence;
using Fleet.Ingest.Api.Callbacks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Fleet.Ingest.Api.BucketDrop;

public static class BucketDropRegistration
{
    /// <summary>
    /// The ingest role: the SQS listener of S3's notifications (<c>Fleet:BucketDrop</c>, checked at start-up), its
    /// ledger (PostgreSQL when the database is, else memory), the batch submissions it shares with the API, and a
    /// readiness check on the queue.
    /// </summary>
    public static IServiceCollection AddBucketDrop(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBatchSubmissions(configuration);
        services.AddOptions<BucketDropOptions>().Bind(configuration.GetSection(BucketDropOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BucketDropOptions>, BucketDropOptionsValidation>();
        services.AddSingleton<IAmazonSQS>(provider => SqsClientBuilder.Build(provider.GetRequiredService<IOptions<BucketDropOptions>>().Value.Sqs));
        if (DatabaseOptions.From(configuration).Kind == DatabaseKind.Postgres)
        {
            services.AddSingleton<IBucketDropLedger, PostgresBucketDropLedger>();
            services.AddDatabaseMigration(PostgresBucketDropLedger.MigrationName, PostgresBucketDropLedger.MigrationSql);
        }
        else
        {
            services.AddSingleton<IBucketDropLedger, InMemoryBucketDropLedger>();
        }
        services.AddSingleton<DropBatchSubmitter>();
        services.AddHostedService<BucketDropListener>();
        services.AddHealthChecks().AddCheck<SqsQueueHealthCheck>("sqs-queue", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>
    /// Whether a queue and a rule are named (<c>Fleet:BucketDrop:Sqs:QueueUrl</c>, <c>Fleet:BucketDrop:Rules:0:Bucket</c>):
    /// the api executable then runs the listener too. A queue alone (as <c>./fleet services env</c> exports it) is not enough.
    /// </summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{BucketDropOptions.Section}:Sqs:QueueUrl"])
        && !string.IsNullOrWhiteSpace(configuration[$"{BucketDropOptions.Section}:Rules:0:Bucket"]);

    /// <summary>
    /// The ingest role on the bus where no api role runs beside it: batch ends, so its batches stop counting against
    /// their tenant's concurrent-batch limit (the api role's consumer; replicas share its queue).
    /// </summary>
    public static readonly BusRole Bus = new((bus, _) => bus.AddConsumer<BatchEndedConsumer>());
}
