package dev.loginkit.servlet

import dev.loginkit.LoginKitException
import dev.loginkit.SessionUser
import dev.loginkit.WebLogin
import dev.loginkit.WebResponse
import jakarta.servlet.Filter
import jakarta.servlet.FilterChain
import jakarta.servlet.ServletRequest
import jakarta.servlet.ServletResponse
import jakarta.servlet.http.HttpServletRequest
import jakarta.servlet.http.HttpServletResponse
import java.util.Collections

/**
 * A Jakarta Servlet (6.0+) filter that adds the login routes to any
 * servlet application, as a thin layer over [WebLogin]:
 *
 * * `GET /login`: redirect to the provider (an optional `return_to` query
 *   parameter, a same-origin path, is where to go afterwards);
 * * `GET /signup`: the same with `prompt=create`;
 * * `GET /auth/callback`: checks the callback, exchanges the code,
 *   stores the session cookie and redirects to the return-to path or `/`;
 * * `GET /logout`: deletes the session and logs out at the provider.
 *
 * Every other request passes through with the signed-in user (a
 * [SessionUser], or null) as the request attribute [USER_ATTRIBUTE], also
 * available as [currentUser] while the request runs. A failed login
 * answers 400 with an error page whose `<p id="login-error">` holds the
 * core's error code.
 *
 * The paths are relative to the context path; the callback route must be
 * the redirect URI the [WebLogin] was built with.
 */
class LoginKitFilter @JvmOverloads constructor(
    /** The login routes' configuration. */
    val web: WebLogin,
    private val loginPath: String = "/login",
    private val signUpPath: String = "/signup",
    private val callbackPath: String = "/auth/callback",
    private val logoutPath: String = "/logout",
) : Filter {
    override fun doFilter(request: ServletRequest, response: ServletResponse, chain: FilterChain) {
        if (request !is HttpServletRequest || response !is HttpServletResponse) return chain.doFilter(request, response)
        val path = request.requestURI.removePrefix(request.contextPath)
        val cookies = cookieHeader(request)
        try {
            when (path) {
                // The request target as received; the core reads it.
                loginPath -> return send(response, web.loginFromRequest(target(request), false))
                signUpPath -> return send(response, web.loginFromRequest(target(request), true))
                callbackPath -> return send(response, web.callback(target(request), cookies))
                logoutPath -> return send(response, web.logout(cookies))
            }
        } catch (failure: LoginKitException) {
            return errorPage(response, failure.code)
        }
        val user = web.user(cookies)
        request.setAttribute(USER_ATTRIBUTE, user)
        val previous = CURRENT.get()
        CURRENT.set(user)
        try {
            chain.doFilter(request, response)
        } finally {
            if (previous == null) CURRENT.remove() else CURRENT.set(previous)
        }
    }

    companion object {
        /** The request attribute holding the signed-in [SessionUser] (null when signed out). */
        const val USER_ATTRIBUTE = "dev.loginkit.user"

        private val CURRENT = ThreadLocal<SessionUser?>()

        /** The signed-in user of the request this thread is serving (inside the filter), or null. */
        @JvmStatic
        fun currentUser(): SessionUser? = CURRENT.get()

        /** The signed-in user of [request], or null. */
        @JvmStatic
        fun currentUser(request: HttpServletRequest): SessionUser? = request.getAttribute(USER_ATTRIBUTE) as? SessionUser

        /** The request's `Cookie` header(s), as one header value. */
        private fun cookieHeader(request: HttpServletRequest): String =
            Collections.list(request.getHeaders("Cookie") ?: Collections.emptyEnumeration()).joinToString("; ")

        private fun send(response: HttpServletResponse, web: WebResponse) {
            response.status = web.status
            for (header in web.headers) response.addHeader(header.name, header.value)
        }

        private fun errorPage(response: HttpServletResponse, code: String) {
            response.status = 400
            response.contentType = "text/html; charset=utf-8"
            response.setHeader("Cache-Control", "no-store")
            // The code is the core's snake_case code: nothing to escape.
            response.writer.write("<h1>Login failed</h1><p id=\"login-error\">$code</p><a href=\"/\">Home</a>")
        }
    }

    /** The path and raw query as received (`getQueryString` is not decoded). */
    private fun target(request: HttpServletRequest) = request.requestURI + (request.queryString?.let { "?$it" } ?: "")
}
