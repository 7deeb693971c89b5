namespace Fleet.Infrastructure.Passwords;

internal static class BatchPasswordOrder
{
    /// <summary>Those given for the key first, then those for any input, each once, in the order they were given.</summary>
    public static IReadOnlyList<string> For(IEnumerable<BatchPassword> passwords, string key)
    {
        var all = passwords.ToList();
        return all.Where(p => p.Key == key).Concat(all.Where(p => p.Key is null)).Select(p => p.Password).Distinct(StringComparer.Ordinal).ToList();
    }
}
