using System.Collections.Concurrent;

namespace Fleet.Infrastructure.Passwords;

/// <summary>The embedded fleet's passwords: this process's memory only, gone with it.</summary>
public sealed class InMemoryBatchPasswords : IBatchPasswords
{
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<BatchPassword>> batches = new();

    public Task SaveAsync(Guid batchId, IReadOnlyList<BatchPassword> passwords, CancellationToken cancellationToken = default)
    {
        if (passwords.Count > 0)
            batches[batchId] = passwords.ToList();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ForAsync(Guid batchId, string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(batches.TryGetValue(batchId, out var passwords) ? BatchPasswordOrder.For(passwords, key) : (IReadOnlyList<string>)[]);

    public Task ForgetAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        batches.TryRemove(batchId, out _);
        return Task.CompletedTask;
    }
}
