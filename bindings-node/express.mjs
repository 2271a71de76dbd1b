// ESM entry point of loginkit/express: the same objects as the CommonJS one.
import express from './express.js'

export const { loginRouter, currentUser, sendResponse, sendLoginError } = express
export default express
