using Fleet.Engine.Pdf;
using Fleet.Infrastructure.Passwords;

namespace Fleet.Worker.Documents;

public static class PasswordLookup
{
    /// <summary>
    /// Reads an input with no password first, and only when it turns out to be an encrypted PDF looks up the passwords
    /// given for it with its batch and reads it again with those: an unencrypted input costs no look-up, and a password
    /// is in this process's memory only while the document that needs it is read.
    /// </summary>
    /// <exception cref="PasswordRequiredException">Encrypted, and no password was given for it.</exception>
    public static async Task<T> WithPasswordsAsync<T>(this IBatchPasswords store, Guid batchId, string key,
        Func<IReadOnlyList<string>, T> read, CancellationToken cancellationToken)
    {
        try
        {
            return read([]);
        }
        catch (PasswordRequiredException)
        {
        }
        var passwords = await store.ForAsync(batchId, key, cancellationToken);
        if (passwords.Count == 0)
            throw new PasswordRequiredException();
        return read(passwords);
    }
}
