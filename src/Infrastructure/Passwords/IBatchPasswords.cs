namespace Fleet.Infrastructure.Passwords;

/// <summary>
/// The passwords given with a batch for its encrypted PDFs, kept apart from everything else about the batch: they never
/// travel in a message (so never in the outbox or a broker's queue), never in a saga row, a manifest or a log. The front
/// door that takes the batch saves them before it publishes the batch; a worker asks for a key's only when that input
/// turns out to be encrypted; they are forgotten when the batch ends.
/// </summary>
public interface IBatchPasswords
{
    /// <summary>Keeps the passwords for the batch (saving the same batch again, as a retried request does, replaces them).</summary>
    Task SaveAsync(Guid batchId, IReadOnlyList<BatchPassword> passwords, CancellationToken cancellationToken = default);

    /// <summary>The passwords to try for <paramref name="key"/>, in order: those given for that key, then those for any input.</summary>
    Task<IReadOnlyList<string>> ForAsync(Guid batchId, string key, CancellationToken cancellationToken = default);

    Task ForgetAsync(Guid batchId, CancellationToken cancellationToken = default);
}
