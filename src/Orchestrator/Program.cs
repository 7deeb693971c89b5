using Fleet.Infrastructure.Hosting;
using Fleet.Infrastructure.Messaging;
using Fleet.Orchestrator;

// The orchestrator role: the batch and document sagas (state in PostgreSQL), input listing, dispatch of page chunks,
// manifests, deadlines. Any number of replicas may run; they compete for messages, not for a leader.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddFleetConsole(verbose: false, builder.Configuration);
builder.Services.AddFleetDefaults(builder.Configuration, FleetRoles.Orchestrator);
builder.Services.AddOrchestratorOptions(builder.Configuration);
builder.Services.AddFleetBus(builder.Configuration, OrchestratorRegistration.Bus);

await using var app = builder.Build();
if (!StartupCheck.Passes(app.Services))
    return StartupCheck.InvalidConfiguration;
app.MapFleetDefaults();
return await app.RunFleetAsync(FleetRoles.Orchestrator);
