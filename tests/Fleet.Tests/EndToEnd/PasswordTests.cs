using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Passwords;
using Fleet.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.EndToEnd;

/// <summary>
/// Encrypted PDFs (AES-256, made by qpdf) in an embedded run: one opens with the password given for its key, one with a
/// password given for any input, after a wrong one; one with no right password fails "wrong password", and without
/// passwords "password required". No password is written anywhere in the output folder.
/// </summary>
public sealed class PasswordTests : EmbeddedFleetFixture
{
    private static readonly string[] Contract = ["This contract is encrypted with AES-256.", "Only a reader with the password sees it."];
    private static readonly string[] Memo = ["An internal memo under another password."];

    [Test]
    public async Task Encrypted_pdfs_open_with_the_batchs_passwords_and_fail_clearly_without_them()
    {
        AddInput("contract.pdf", QpdfEncryption.Encrypt(TestPdfs.BornDigital(Contract), "s3cret-for-the-contract"));
        AddInput("memo.pdf", QpdfEncryption.Encrypt(TestPdfs.BornDigital(Memo), "memo-pass-7"));
        AddInput("vault.pdf", QpdfEncryption.Encrypt(TestPdfs.BornDigital(Memo), "nobody-knows-this"));
        BatchPassword[] passwords =
        [
            new(null, "a-wrong-guess"),
            new("contract.pdf", "s3cret-for-the-contract"),
            new(null, "memo-pass-7"),
        ];

        var manifest = await RunBatch(new ProcessingOptions(Outputs: OutputFormats.Txt | OutputFormats.Json | OutputFormats.Pdf), passwords);

        var byKey = manifest.Documents.ToDictionary(d => d.Key);
        Assert.That(byKey["contract.pdf"].Status, Is.EqualTo(DocumentStatus.Succeeded), byKey["contract.pdf"].Reason);
        Assert.That(byKey["memo.pdf"].Status, Is.EqualTo(DocumentStatus.Succeeded), byKey["memo.pdf"].Reason);
        Assert.That(OutputText("contract.txt"), Is.EqualTo(string.Join('\n', Contract) + "\n\f"), "read from its text layer, decrypted");
        Assert.That(byKey["contract.pdf"].Pages, Is.EqualTo(new PageCounts(1, 1, 0, 0)));
        Assert.That(OutputText("memo.txt"), Is.EqualTo(string.Join('\n', Memo) + "\n\f"));
        Assert.That(byKey["vault.pdf"].Reason, Does.StartWith("encrypted: wrong password"));
        // Read wholly from its text layer, the searchable PDF is the input as it came: still encrypted, never a decrypted copy.
        Assert.That(File.ReadAllBytes(Path.Combine(Output.FullName, "contract.pdf")), Is.EqualTo(File.ReadAllBytes(Path.Combine(Input.FullName, "contract.pdf"))));

        foreach (var file in Output.EnumerateFiles("*", SearchOption.AllDirectories))
        {
            var content = File.ReadAllText(file.FullName);
            foreach (var password in passwords)
                Assert.That(content, Does.Not.Contain(password.Password), $"{file.Name} holds a password");
        }
        var store = Services.GetRequiredService<IBatchPasswords>();
        Assert.That(await Eventually(() => store.ForAsync(manifest.BatchId, "contract.pdf")), Is.Empty, "forgotten once the batch ended");

        // A stored result of the same content is no way round the password: the input is opened before reuse is looked for.
        var without = await RunBatch(new ProcessingOptions());
        Assert.That(without.Documents.Select(d => d.Reason).Distinct(), Is.EqualTo(new[] { "encrypted: password required" }));
    }

    private static async Task<IReadOnlyList<string>> Eventually(Func<Task<IReadOnlyList<string>>> read)
    {
        for (var attempt = 0; ; attempt++)
        {
            var found = await read();
            if (found.Count == 0 || attempt == 50)
                return found;
            await Task.Delay(100);
        }
    }
}
