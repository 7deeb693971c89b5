namespace Fleet.Contracts.Documents;

/// <summary>
/// A document has made no progress since <paramref name="LastProgressAt"/> (in <paramref name="LastState"/>) for longer
/// than the orchestrator's document deadline; its saga fails it unless it has moved on since.
/// </summary>
public sealed record DocumentDeadlinePassed(Guid DocumentId, Guid BatchId, string Key, string LastState, DateTimeOffset LastProgressAt);
