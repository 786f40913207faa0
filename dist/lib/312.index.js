import { dirname as __csDirname } from 'node:path';
import { fileURLToPath as __csFileURLToPath } from 'node:url';
const __filename = __csFileURLToPath(import.meta.url);
const __dirname = __csDirname(__filename);
export const id=312;export const ids=[312];export const modules={17312:t=>{function webpackEmptyContext(t){var e=new Error("Cannot find module '"+t+"'");e.code="MODULE_NOT_FOUND";throw e}webpackEmptyContext.keys=()=>[];webpackEmptyContext.resolve=webpackEmptyContext;webpackEmptyContext.id=17312;t.exports=webpackEmptyContext}};