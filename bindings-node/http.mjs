// ESM entry point of loginkit/http: the same objects as the CommonJS one.
import http from './http.js'

export const { loginHandler, currentUser, sendResponse, sendLoginError } = http
export default http
