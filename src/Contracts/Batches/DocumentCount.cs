namespace Fleet.Contracts.Batches;

/// <summary>How many documents a batch's listing found (refused ones included).</summary>
public readonly record struct DocumentCount(int Count);
