import { dirname as __csDirname } from 'node:path';
import { fileURLToPath as __csFileURLToPath } from 'node:url';
const __filename = __csFileURLToPath(import.meta.url);
const __dirname = __csDirname(__filename);
export const id=79;export const ids=[79];export const modules={74079:t=>{function webpackEmptyContext(t){var e=new Error("Cannot find module '"+t+"'");e.code="MODULE_NOT_FOUND";throw e}webpackEmptyContext.keys=()=>[];webpackEmptyContext.resolve=webpackEmptyContext;webpackEmptyContext.id=74079;t.exports=webpackEmptyContext}};