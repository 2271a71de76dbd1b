package dev.loginkit.internal

import dev.loginkit.*

import java.io.IOException
import java.net.URI
import java.net.URISyntaxException
import java.net.http.HttpClient
import java.net.http.HttpResponse
import java.net.http.HttpTimeoutException
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException

/**
 * Moves an [Exchange]'s requests with `java.net.http.HttpClient`: the
 * core builds every request and judges every answer; this only sends the
 * bytes, hands back the status and body text, and turns a failure to get
 * an answer at all (refused connection, timeout, TLS) into `network_error`.
 */
internal object Http {
    /** The client used when neither the call nor the [Client] names one: 10 s to connect, no redirects followed. */
    val defaultClient: HttpClient by lazy {
        HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build()
    }

    private fun javaRequest(request: HttpRequest, timeout: Duration): java.net.http.HttpRequest {
        val uri = try {
            URI(request.url)
        } catch (failure: URISyntaxException) {
            throw networkError(request, "could not be sent: Java's HTTP client does not accept the URL", failure)
        }
        val builder = java.net.http.HttpRequest.newBuilder(uri).timeout(timeout)
        for (header in request.headers) builder.header(header.name, header.value)
        val body = if (request.body.isEmpty()) {
            java.net.http.HttpRequest.BodyPublishers.noBody()
        } else {
            java.net.http.HttpRequest.BodyPublishers.ofString(request.body)
        }
        return builder.method(request.method, body).build()
    }

    /** Names the request by method and URL only: its body and headers may hold secrets. */
    private fun networkError(request: HttpRequest, why: String, cause: Throwable?) =
        LoginKitException("network_error", "${request.method} ${request.url} $why", cause)

    private fun networkError(request: HttpRequest, failure: Throwable, timeout: Duration): LoginKitException {
        val why = when (failure) {
            is HttpTimeoutException -> "timed out after ${timeout.toMillis()} ms"
            is InterruptedException -> "was interrupted"
            else -> "failed (${failure.javaClass.simpleName}${failure.message?.let { ": $it" } ?: ""})"
        }
        return networkError(request, why, failure)
    }

    private fun send(http: HttpClient, request: HttpRequest, timeout: Duration): HttpResponse<String> =
        try {
            http.send(javaRequest(request, timeout), HttpResponse.BodyHandlers.ofString())
        } catch (failure: IOException) {
            throw networkError(request, failure, timeout)
        } catch (failure: InterruptedException) {
            Thread.currentThread().interrupt()
            throw networkError(request, failure, timeout)
        }

    /** Runs [exchange] to its end on the calling thread, then closes it. */
    fun drive(exchange: Exchange, http: HttpClient, timeout: Duration): LoginResult = exchange.use { run(exchange, http, timeout) }

    /** Runs [exchange] to its end on the calling thread and leaves it open (a web login completes it first). */
    fun run(exchange: Exchange, http: HttpClient, timeout: Duration): LoginResult {
        var step: ExchangeStep = ExchangeStep.Send(exchange.request())
        while (step is ExchangeStep.Send) {
            val response = send(http, step.request, timeout)
            step = exchange.receive(response.statusCode(), response.body())
        }
        return (step as ExchangeStep.Done).result
    }

    /** Runs [exchange] with `sendAsync`; the future fails with the [LoginKitException]. */
    fun driveAsync(exchange: Exchange, http: HttpClient, timeout: Duration): CompletableFuture<LoginResult> {
        val result = try {
            stepAsync(exchange, exchange.request(), http, timeout)
        } catch (failure: LoginKitException) {
            CompletableFuture.failedFuture(failure)
        }
        return result.whenComplete { _, _ -> exchange.close() }
    }

    private fun stepAsync(exchange: Exchange, request: HttpRequest, http: HttpClient, timeout: Duration): CompletableFuture<LoginResult> =
        http.sendAsync(javaRequest(request, timeout), HttpResponse.BodyHandlers.ofString())
            .handle { response, failure ->
                if (failure != null) {
                    val cause = if (failure is CompletionException && failure.cause != null) failure.cause!! else failure
                    throw networkError(request, cause, timeout)
                }
                response
            }
            .thenCompose { response ->
                when (val step = exchange.receive(response.statusCode(), response.body())) {
                    is ExchangeStep.Send -> stepAsync(exchange, step.request, http, timeout)
                    is ExchangeStep.Done -> CompletableFuture.completedFuture(step.result)
                }
            }
}
