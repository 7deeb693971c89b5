namespace Fleet.Contracts.Results;

public sealed record OutputObject(string Key, string Sha256, long Bytes);
