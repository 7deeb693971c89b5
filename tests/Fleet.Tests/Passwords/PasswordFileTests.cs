using Fleet.Cli.CommandLine;
using Fleet.Infrastructure.Passwords;

namespace Fleet.Tests.Passwords;

public sealed class PasswordFileTests
{
    [Test]
    public void Lines_give_passwords_for_any_input_or_for_one_key_and_comments_and_blanks_are_skipped()
    {
        var passwords = PasswordFile.Parse(["# the office's passwords", "", "company-wide 2024", "invoices/march.pdf\ts3cret", "*\t#hash-first", "empty\t"]);

        Assert.That(passwords, Is.EqualTo(new BatchPassword[]
        {
            new(null, "company-wide 2024"),
            new("invoices/march.pdf", "s3cret"),
            new(null, "#hash-first"),
        }));
        Assert.That(passwords[1].ToString(), Does.Not.Contain("s3cret"), "a printed password record hides the password");
    }
}
