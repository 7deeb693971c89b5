using Fleet.Infrastructure.Hosting;
using Fleet.Infrastructure.Messaging;
using Fleet.Worker;

// The worker role: takes page chunks off the queue, reads each page's text layer where it is good and renders and
// OCRs the rest (src/Engine). Scale it out freely; it holds no state of its own.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddFleetConsole(verbose: false, builder.Configuration);
builder.Services.AddFleetDefaults(builder.Configuration, FleetRoles.Worker);
builder.Services.AddWorker(builder.Configuration)
    .AddWorkerReadiness()
    .AddGracefulWorkerShutdown(builder.Configuration);
builder.Services.AddFleetBus(builder.Configuration, WorkerRegistration.Bus);

await using var app = builder.Build();
if (!StartupCheck.Passes(app.Services))
    return StartupCheck.InvalidConfiguration;
app.MapFleetDefaults();
return await app.RunFleetAsync(FleetRoles.Worker);
