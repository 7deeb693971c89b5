global using Fleet.Contracts;
global using Fleet.Contracts.Batches;
global using Fleet.Contracts.Chunks;
global using Fleet.Contracts.Documents;
global using Fleet.Contracts.Results;
global using MassTransit;
global using Fleet.Infrastructure.Batches;
