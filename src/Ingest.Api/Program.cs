using Fleet.Infrastructure.Hosting;
using Fleet.Infrastructure.Messaging;
using Fleet.Ingest.Api;

// The api role: the batch API (POST /batches, status, documents, manifests; OpenAPI at /openapi/v1.json, Scalar at
// /scalar). It reads state from PostgreSQL and sends commands to the orchestrator; no OCR engine is loaded here.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddFleetConsole(verbose: false, builder.Configuration);
builder.Services.AddFleetDefaults(builder.Configuration, FleetRoles.Api);
builder.Services.AddIngestApi(builder.Configuration);
builder.Services.AddFleetBus(builder.Configuration, IngestApiRegistration.Bus);

await using var app = builder.Build();
if (!StartupCheck.Passes(app.Services))
    return StartupCheck.InvalidConfiguration;
app.MapFleetDefaults();
app.MapIngestApi();
return await app.RunFleetAsync(FleetRoles.Api);
