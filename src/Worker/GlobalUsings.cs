global using Fleet.Contracts;
global using Fleet.Contracts.Chunks;
global using Fleet.Contracts.Documents;
global using Fleet.Contracts.Results;
global using Fleet.Infrastructure.Storage;
global using MassTransit;
