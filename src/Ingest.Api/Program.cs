using Fleet.Infrastructure.Hosting;
using Fleet.Infrastructure.Messaging;
using Fleet.Ingest.Api;
using Fleet.Ingest.Api.Access;
using Fleet.Ingest.Api.BucketDrop;

// The api role: the batch API (POST /batches, status, documents, manifests; OpenAPI at /openapi/v1.json, Scalar at
// /scalar), and the bucket drop's SQS listener when a queue is configured. It reads state from PostgreSQL and sends
// commands to the orchestrator; no OCR engine is loaded here.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddFleetConsole(verbose: false, builder.Configuration);
builder.Services.AddFleetDefaults(builder.Configuration, FleetRoles.Api);
builder.Services.AddIngestApi(builder.Configuration);
// The bucket drop rides along where its queue and a rule are named (Fleet__BucketDrop__Sqs__QueueUrl, __Rules__0__Bucket):
// every replica reads the queue, and the ledger keeps each S3 event to one batch.
if (BucketDropRegistration.IsConfigured(builder.Configuration))
    builder.Services.AddBucketDrop(builder.Configuration);
builder.Services.AddFleetBus(builder.Configuration, IngestApiRegistration.Bus);

await using var app = builder.Build();
if (!StartupCheck.Passes(app.Services) || !OpenAccess.MayStart(app.Services))
    return StartupCheck.InvalidConfiguration;
app.MapFleetDefaults();
app.MapIngestApi();
return await app.RunFleetAsync(FleetRoles.Api);
