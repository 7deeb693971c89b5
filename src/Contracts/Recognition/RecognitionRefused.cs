namespace Fleet.Contracts.Recognition;

/// <summary>The document could not be read, and why (damaged, too many pages, encrypted, ...).</summary>
public sealed record RecognitionRefused(Guid RequestId, string Reason);
