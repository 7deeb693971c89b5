namespace Fleet.Contracts.Results;

public sealed record WordResult(string Text, Box Box, double Confidence);
