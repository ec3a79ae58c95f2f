using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ContainerPatterns.Examples.WebService.Api.Tests;

public sealed class ApiTests : IClassFixture<ApiTests.App>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _client;

    public ApiTests(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _client = app.CreateClient();
    }

    [Fact]
    public async Task Health_answers_200_with_a_JSON_status()
    {
        using var response = await _client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"healthy"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Greeting_greets_the_world_by_default()
    {
        var greeting = await _client.GetFromJsonAsync<Greeting>(new Uri("/api/greeting", UriKind.Relative));

        Assert.Equal(new Greeting("Hello, world!", "world", Now), greeting);
    }

    [Fact]
    public async Task Greeting_greets_the_given_name_in_camel_case_JSON()
    {
        using var response = await _client.GetAsync(new Uri("/api/greeting?name=%20Ada%20", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"message":"Hello, Ada!","name":"Ada","at":"2026-11-26T12:00:00+00:00"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Greeting_rejects_a_name_longer_than_64_characters()
    {
        using var response = await _client.GetAsync(new Uri("/api/greeting?name=" + new string('a', 65), UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"title":"name must be at most 64 characters.","status":400}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_paths_answer_404()
    {
        using var response = await _client.GetAsync(new Uri("/nope", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The API in memory, with a fixed clock.</summary>
    public sealed class App : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(new FixedClock(Now))));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
