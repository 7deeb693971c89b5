global using Fleet.Contracts;
global using Fleet.Contracts.Results;
